using Microsoft.AspNetCore.Connections;
using OmeSim.Harness;
using OmeSim.Http;
using OmeSim.Logging;

namespace OmeSim.Hosting;

/// <summary>
/// Records a TLS handshake that failed once the ClientHello had arrived, which Kestrel otherwise ends with nothing
/// written: one journal entry (<c>Method</c> <c>TLS</c>, dropped, with the reason) and an <c>application.log</c> line,
/// at most one per <see cref="LogInterval"/>, so that a flood of bad ClientHellos costs a line a second, not a stack
/// trace a connection.
/// </summary>
public sealed class TlsHandshakeWatch(RequestJournal journal, ApplicationLog log, TimeProvider clock)
{
    public const string JournalMethod = "TLS";
    public const string Logger = "WebServer";

    /// <summary>Modelled: OME writes nothing of a failed handshake to application.log; OmeSim writes a line a second at most.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(1);

    private const string CompletedKey = "omesim.tls-completed";
    private readonly Lock _gate = new();
    private DateTimeOffset _nextLine = DateTimeOffset.MinValue;
    private int _unlogged;

    /// <summary>Before UseHttps: sees the handshake end, by an exception or without reaching <see cref="Completed"/>.</summary>
    public ConnectionDelegate Around(ConnectionDelegate next) => async connection =>
    {
        try
        {
            await next(connection);
        }
        catch (Exception e) when (e is not OperationCanceledException && !connection.Items.ContainsKey(CompletedKey))
        {
            Record(connection, $"{e.GetType().Name}: {e.Message}");
            return;
        }
        if (connection.Items.ContainsKey(PresentedClientChain.ItemKey) && !connection.Items.ContainsKey(CompletedKey))
        {
            Record(connection, "the handshake ended after the ClientHello (the client gave up, or the TLS library refused what it sent)");
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
}
