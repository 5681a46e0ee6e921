using System.Security.Cryptography;

namespace OmeSim.Core.Appliances;

/// <summary>
/// RSA keys made ahead, so that GenerateCSR answers without the ~0.2 s a 2048-bit key costs. Worker threads (one per
/// core), at the lowest priority so they never compete with requests, keep up to <see cref="RsaKeyPoolOptions.Capacity"/>
/// keys ready and make the keys callers of <see cref="TakeAsync"/> wait for when the pool is dry: key generation then
/// uses every idle core and nothing else waits behind it. One pool per appliance, or one shared: either works.
/// </summary>
public sealed class RsaKeyPool : IDisposable
{
    private readonly Func<RSA> _makeKey;
    private readonly Queue<RSA> _keys = new();
    private readonly Queue<TaskCompletionSource<RSA>> _waiters = new();
    private readonly List<TaskCompletionSource> _fullWaiters = [];
    // A plain monitor, not System.Threading.Lock: the workers sleep on it with Monitor.Wait.
    private readonly object _sync = new();
    private readonly Thread[] _workers;
    private bool _disposed;
    private bool _filling;
    private int _inFlight;

    /// <summary>A pool of fresh RSA keys, as <paramref name="options"/> say (default: 2 keys of 2048 bits ready).</summary>
    public RsaKeyPool(RsaKeyPoolOptions? options = null)
        : this(options?.Capacity ?? 2, MakeKeyOf(options?.KeySize ?? 2048), fillAtOnce: options?.FillAtOnce ?? true)
    {
    }

    /// <summary>A pool of the keys <paramref name="makeKey"/> makes (another kind of key, or copies of a known one).</summary>
    /// <param name="capacity">How many keys to keep ready; 0 makes every key on demand, without worker threads.</param>
    /// <param name="makeKey">Makes one key; called on the workers, and on the caller's thread by <see cref="Take"/> when the pool is dry.</param>
    /// <param name="workers">How many low-priority worker threads make keys ahead; null: one per core.</param>
    /// <param name="fillAtOnce">False: keys are made ahead only after <see cref="StartFilling"/>; those waited for are made at once either way.</param>
    public RsaKeyPool(int capacity, Func<RSA> makeKey, int? workers = null, bool fillAtOnce = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentNullException.ThrowIfNull(makeKey);
        if (workers is { } requested)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(requested, 1, nameof(workers));
        }
        Capacity = capacity;
        _makeKey = makeKey;
        _filling = fillAtOnce;
        var count = capacity == 0 ? 0 : workers ?? Environment.ProcessorCount;
        _workers = [.. Enumerable.Range(0, count).Select(i => new Thread(Work) { IsBackground = true, Name = $"OmeSim RSA key pool {i + 1}" })];
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    /// <summary>How many keys the pool keeps ready.</summary>
    public int Capacity { get; }

    /// <summary>How many keys are ready now (for the tests).</summary>
    internal int Available
    {
        get { lock (_sync) { return _keys.Count; } }
    }

    /// <summary>The workers begin to make keys ahead, up to <see cref="Capacity"/>, if they had not yet.</summary>
    public void StartFilling()
    {
        lock (_sync)
        {
            _filling = true;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>
    /// A key no one else has had: a ready one, or, when the pool is dry, one made now on the caller's thread
    /// (never slower than making it without a pool). The caller owns and disposes it.
    /// </summary>
    public RSA Take()
    {
        RSA? key;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _keys.TryDequeue(out key);
            Monitor.PulseAll(_sync);
        }
        return key ?? _makeKey();
    }

    /// <summary>
    /// A key no one else has had: a ready one, or the next one a low-priority worker makes (the request's thread never
    /// makes it, so requests on other appliances keep their CPU). Without workers (capacity 0) it is made on the pool.
    /// </summary>
    public Task<RSA> TakeAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<RSA> waiter;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_keys.TryDequeue(out var ready))
            {
                Monitor.PulseAll(_sync);
                return Task.FromResult(ready);
            }
            if (_workers.Length == 0)
            {
                return Task.Run(_makeKey, cancellationToken);
            }
            waiter = new TaskCompletionSource<RSA>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
            Monitor.PulseAll(_sync);
        }
        if (cancellationToken.CanBeCanceled)
        {
            // A cancelled waiter stays queued; the key made for it goes to the next one, or into the pool.
            var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            waiter.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }
        return waiter.Task;
    }

    /// <summary>
    /// Completes once <see cref="Capacity"/> keys are ready (at once if they are): for the tests and the warm-pool benchmark, whose
    /// next takes must be served from ready keys. Fails with <see cref="ObjectDisposedException"/> if the pool is disposed first.
    /// </summary>
    internal Task WhenFullAsync(CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_keys.Count >= Capacity)
            {
                return Task.CompletedTask;
            }
            var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _fullWaiters.Add(full);
            return full.Task.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            Monitor.PulseAll(_sync);
        }
        foreach (var worker in _workers)
        {
            worker.Join();
        }
        lock (_sync)
        {
            while (_keys.TryDequeue(out var key))
            {
                key.Dispose();
            }
            while (_waiters.TryDequeue(out var waiter))
            {
                waiter.TrySetException(new ObjectDisposedException(nameof(RsaKeyPool)));
            }
            foreach (var full in _fullWaiters)
            {
                full.TrySetException(new ObjectDisposedException(nameof(RsaKeyPool)));
            }
            _fullWaiters.Clear();
        }
    }

    private static Func<RSA> MakeKeyOf(int keySize) => () =>
    {
        var key = RSA.Create(keySize);
        // The BCL makes the key lazily, on first use: force it here, on the thread meant to pay for it.
        _ = key.ExportSubjectPublicKeyInfo();
        return key;
    };

    // Work to do: every waiter gets a key, and (once filling) the pool holds Capacity, counting the keys being made.
    private bool NeedsKey() => _waiters.Count + (_filling ? Capacity : 0) > _keys.Count + _inFlight;

    private void Work()
    {
        ThreadNiceness.LowerCurrentThread();
        while (true)
        {
            lock (_sync)
            {
                while (!_disposed && !NeedsKey())
                {
                    Monitor.Wait(_sync);
                }
                if (_disposed)
                {
                    return;
                }
                _inFlight++;
            }

            RSA? key = null;
            try
            {
                key = _makeKey();
            }
            catch (Exception)
            {
                // Takes still work (they make their own keys); retry later rather than spin or end the process.
            }

            lock (_sync)
            {
                _inFlight--;
                if (key is null)
                {
                    if (!_disposed)
                    {
                        Monitor.Wait(_sync, TimeSpan.FromSeconds(1));
                    }
                    continue;
                }
                if (_disposed)
                {
                    key.Dispose();
                    return;
                }
                Hand(key);
            }
        }
    }

    private void Hand(RSA key)
    {
        while (_waiters.TryDequeue(out var waiter))
        {
            if (waiter.TrySetResult(key))
            {
                return;
            }
        }
        _keys.Enqueue(key);
        if (_keys.Count >= Capacity)
        {
            foreach (var full in _fullWaiters)
            {
                full.TrySetResult();
            }
            _fullWaiters.Clear();
        }
    }
}
