using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using OmeSim.Harness;
using OmeSim.Http;
using OmeSim.Logging;

namespace OmeSim.Hosting;

/// <summary>
/// Records a TLS handshake that failed, which Kestrel otherwise ends with nothing written: one journal entry
/// (<c>Method</c> <c>TLS</c>, dropped, with the reason) and an <c>application.log</c> line, at most one per
/// <see cref="LogInterval"/>, so that a flood of bad ClientHellos costs a line a second, not a stack trace a connection.
/// A handshake the client abandoned after its ClientHello (a browser's spare connection, a client that distrusts the
/// certificate) is no failure of the appliance's and is not recorded: only one the client carried on with (it sent
/// at least <see cref="ContinuedBytes"/> after the ClientHello, such as its certificate chain) or that threw.
/// </summary>
public sealed class TlsHandshakeWatch(RequestJournal journal, ApplicationLog log, TimeProvider clock)
{
    public const string JournalMethod = "TLS";
    public const string Logger = "WebServer";

    /// <summary>Modelled: OME writes nothing of a failed handshake to application.log; OmeSim writes a line a second at most.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(1);

    /// <summary>Bytes past the ClientHello's record that show the client went on (a certificate is larger; an alert is smaller).</summary>
    public const int ContinuedBytes = 256;

    private const string CompletedKey = "omesim.tls-completed";
    private readonly Lock _gate = new();
    private DateTimeOffset _nextLine = DateTimeOffset.MinValue;
    private int _unlogged;

    /// <summary>Before UseHttps: sees the handshake end, by an exception or without reaching <see cref="Completed"/>.</summary>
    public ConnectionDelegate Around(ConnectionDelegate next) => async connection =>
    {
        var input = new CountingReader(connection.Transport.Input);
        connection.Transport = new Pipe(input, connection.Transport.Output);
        try
        {
            await next(connection);
        }
        catch (Exception e) when (e is not OperationCanceledException && !connection.Items.ContainsKey(CompletedKey))
        {
            Record(connection, $"{e.GetType().Name}: {e.Message}");
            return;
        }
        if (connection.Items.ContainsKey(PresentedClientChain.ItemKey) && !connection.Items.ContainsKey(CompletedKey)
            && input.PastFirstRecord >= ContinuedBytes)
        {
            Record(connection, $"the TLS library refused the client's handshake after {ContinuedBytes} bytes or more past its ClientHello "
                + "(over TLS 1.3, a client chain whose leaf has a bad signature ends this way)");
        }
    };

    /// <summary>After UseHttps: the handshake completed.</summary>
    public static ConnectionDelegate Completed(ConnectionDelegate next) => connection =>
    {
        connection.Items[CompletedKey] = true;
        return next(connection);
    };

    private void Record(ConnectionContext connection, string reason)
    {
        var now = clock.GetUtcNow();
        journal.Add(new JournalEntry(journal.NextSequence(), now, JournalMethod, "", 0, null, nameof(AuthKind.None), null, null, 0, null,
            Dropped: true, TlsError: reason));
        int skipped;
        lock (_gate)
        {
            if (now < _nextLine)
            {
                _unlogged++;
                return;
            }
            _nextLine = now + LogInterval;
            skipped = _unlogged;
            _unlogged = 0;
        }
        log.Warn(Logger, $"TLS handshake with {connection.RemoteEndPoint} failed: {reason}"
            + (skipped > 0 ? $" ({skipped} more failed handshakes not logged)" : ""));
    }

    private sealed record Pipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>
    /// Counts what the TLS layer consumed, and the length of the first TLS record (the ClientHello), until the count
    /// reaches <see cref="ContinuedBytes"/> past it: beyond that, reads pass through uncounted.
    /// </summary>
    private sealed class CountingReader(PipeReader inner) : PipeReader
    {
        private ReadOnlySequence<byte> _last;
        private long _consumed;
        private long _firstRecord = -1;

        public long PastFirstRecord => _firstRecord < 0 ? 0 : Math.Max(0, _consumed - _firstRecord);

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
            Observe(await inner.ReadAsync(cancellationToken));

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result))
            {
                return false;
            }
            Observe(result);
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed)
        {
            Count(consumed);
            inner.AdvanceTo(consumed);
        }

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            Count(consumed);
            inner.AdvanceTo(consumed, examined);
        }

        private void Count(SequencePosition consumed)
        {
            if (PastFirstRecord < ContinuedBytes)
            {
                _consumed += _last.Slice(0, consumed).Length;
            }
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        private ReadResult Observe(ReadResult result)
        {
            _last = result.Buffer;
            if (_firstRecord < 0 && result.Buffer.Length >= 5)
            {
                Span<byte> header = stackalloc byte[5];
                result.Buffer.Slice(0, 5).CopyTo(header);
                _firstRecord = 5 + ((header[3] << 8) | header[4]);
            }
            return result;
        }
    }
}
