using OmeSim.Core.Appliances;
using OmeSim.Harness;

namespace OmeSim.Http;

/// <summary>
/// First after the console's pages on the appliance (a page load is not journaled): records each request in the
/// appliance's journal once its answer is final (status and MessageId), with how it authenticated and the client
/// certificate of the TLS connection. Never a secret.
/// </summary>
public sealed class JournalMiddleware(RequestDelegate next, RequestJournal journal, ApplianceClock clock)
{
    /// <summary>The id of the fault rule that fired for this request, set by <see cref="FaultMiddleware"/>.</summary>
    public const string FaultKey = "omesim.fault";

    public async Task InvokeAsync(HttpContext context)
    {
        var time = clock.GetUtcNow();
        var sequence = journal.NextSequence();
        var counter = new CountingStream(context.Request.Body);
        context.Request.Body = counter;
        // Recorded as the answer starts (so a client that got its answer finds the entry) or, with no answer, at the end.
        var recorded = 0;
        void Record()
        {
            if (Interlocked.Exchange(ref recorded, 1) == 0)
            {
                journal.Add(Entry(context, sequence, time, counter.BytesRead));
            }
        }
        context.Response.OnStarting(() =>
        {
            Record();
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        finally
        {
            Record();
        }
    }

    private static JournalEntry Entry(HttpContext context, long sequence, DateTimeOffset time, long bodyBytes)
    {
        var request = context.Request;
        var certificate = PresentedClientChain.Of(context)?.Certificates is [var leaf, ..] ? leaf : context.Connection.ClientCertificate;
        var dropped = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted;
        return new JournalEntry(
            sequence,
            time,
            request.Method,
            request.Path.Value + JournalQuery.Mask(request.QueryString.Value ?? ""),
            dropped ? 0 : context.Response.StatusCode,
            context.Items.TryGetValue(JournalKeys.MessageId, out var id) ? id as string : null,
            (context.Items.TryGetValue(JournalKeys.AuthKind, out var auth) && auth is AuthKind kind ? kind : AuthKind.None).ToString(),
            certificate is null ? null : OmeSim.Core.Certificates.CertificateNames.Display(certificate.SubjectName),
            certificate?.Thumbprint,
            Math.Max(bodyBytes, request.ContentLength ?? 0),
            context.Items.TryGetValue(FaultKey, out var fault) ? fault as int? : null,
            dropped);
    }

    /// <summary>Counts the body bytes the application read (chunked bodies have no Content-Length).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
