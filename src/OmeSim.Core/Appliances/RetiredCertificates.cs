namespace OmeSim.Core.Appliances;

/// <summary>
/// Served certificates an appliance replaced, each disposed <c>grace</c> after its replacement on the host's clock: a
/// handshake, a migration validation or an answer in flight may still hold one, and nothing tells when the last lets go.
/// <see cref="Dispose"/> disposes those still waiting at once. Thread-safe.
/// </summary>
/// <param name="hostTime">The host's clock, which no setting of an appliance's own clock moves or freezes.</param>
/// <param name="grace">Longer than anything may hold a served certificate; one beyond a timer's reach (49 days) waits for <see cref="Dispose"/>.</param>
public sealed class RetiredCertificates(TimeProvider hostTime, TimeSpan grace) : IDisposable
{
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly TimeSpan _grace = grace < TimeSpan.Zero || grace > LongestTimer ? Timeout.InfiniteTimeSpan : grace;
    private readonly Lock _gate = new();
    private readonly Dictionary<ServedCertificate, ITimer> _waiting = new();
    private bool _disposed;

    /// <summary>Disposes <paramref name="served"/>, no longer served, once the grace has passed (at once if this is disposed).</summary>
    public void Retire(ServedCertificate served)
    {
        // Started only once it is in the list, so that it finds itself there however soon it fires.
        var timer = hostTime.CreateTimer(Expire, served, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        bool disposed;
        lock (_gate)
        {
            disposed = _disposed;
            if (!disposed && _waiting.TryAdd(served, timer))
            {
                timer.Change(_grace, Timeout.InfiniteTimeSpan);
                return;
            }
        }
        timer.Dispose();
        if (disposed)
        {
            served.Dispose();
        }
    }

    private void Expire(object? state)
    {
        var served = (ServedCertificate)state!;
        ITimer? timer;
        lock (_gate)
        {
            if (!_waiting.Remove(served, out timer))
            {
                return;
            }
        }
        timer.Dispose();
        served.Dispose();
    }

    public void Dispose()
    {
        List<KeyValuePair<ServedCertificate, ITimer>> waiting;
        lock (_gate)
        {
            _disposed = true;
            waiting = [.. _waiting];
            _waiting.Clear();
        }
        foreach (var (served, timer) in waiting)
        {
            timer.Dispose();
            served.Dispose();
        }
    }
}
