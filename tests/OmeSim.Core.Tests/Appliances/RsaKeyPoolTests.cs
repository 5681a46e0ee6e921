using System.Globalization;
using System.Security.Cryptography;
using OmeSim.Core.Appliances;

namespace OmeSim.Core.Tests.Appliances;

public class RsaKeyPoolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // Linux shows a thread's name cut to 15 characters: the pool's "OmeSim RSA key pool 1" is "OmeSim RSA key ".
    private const string WorkerComm = "OmeSim RSA key ";

    /// <summary>
    /// Hands out unmade (lazy, instant) RSA objects; the filler thread may be held at a gate, the test's thread never is.
    /// Notes the nice value of every thread but the test's that makes a key (on Linux).
    /// </summary>
    private sealed class KeyFactory : IDisposable
    {
        private readonly int _testThread = Environment.CurrentManagedThreadId;
        private readonly ManualResetEventSlim _fillerGate = new(initialState: true);
        private readonly System.Collections.Concurrent.ConcurrentQueue<int> _fillerNices = new();
        private int _made;
        private int _madeByFiller;

        public int Made => Volatile.Read(ref _made);
        public int MadeByFiller => Volatile.Read(ref _madeByFiller);
        public IReadOnlyCollection<int> FillerNices => _fillerNices;

        public void HoldFiller() => _fillerGate.Reset();
        public void ReleaseFiller() => _fillerGate.Set();

        public RSA Make()
        {
            if (Environment.CurrentManagedThreadId != _testThread)
            {
                // Bounded, so that a failed assertion before ReleaseFiller cannot hang Dispose.
                _fillerGate.Wait(Patience);
                if (OperatingSystem.IsLinux())
                {
                    _fillerNices.Enqueue(Nice("/proc/thread-self/stat"));
                }
                Interlocked.Increment(ref _madeByFiller);
            }
            Interlocked.Increment(ref _made);
            return RSA.Create(2048);
        }

        public void Dispose() => _fillerGate.Dispose();
    }

    [Fact]
    public async Task A_new_pool_fills_up_to_its_capacity_in_the_background_and_no_further()
    {
        using var factory = new KeyFactory();
        using var pool = new RsaKeyPool(3, factory.Make);

        await pool.WhenFullAsync().WaitAsync(Patience);

        Assert.Equal(3, pool.Available);
        Assert.Equal(3, factory.Made);
        Assert.Equal(3, factory.MadeByFiller);
    }

    [Fact]
    public async Task A_pool_told_to_wait_makes_only_the_keys_waited_for_until_it_starts_filling()
    {
        using var factory = new KeyFactory();
        using var pool = new RsaKeyPool(2, factory.Make, workers: 1, fillAtOnce: false);

        using var waitedFor = await pool.TakeAsync().WaitAsync(Patience);
        var madeBefore = factory.Made;
        var readyBefore = pool.Available;
        pool.StartFilling();
        await pool.WhenFullAsync().WaitAsync(Patience);

        Assert.Equal(1, madeBefore);
        Assert.Equal(0, readyBefore);
        Assert.Equal(2, pool.Available);
        Assert.Equal(3, factory.MadeByFiller);
    }

    [Fact]
    public async Task Taking_drains_the_pool_and_it_refills_after_each_take()
    {
        using var factory = new KeyFactory();
        using var pool = new RsaKeyPool(2, factory.Make);
        await pool.WhenFullAsync().WaitAsync(Patience);
        Assert.Equal(2, pool.Available);
        factory.HoldFiller();

        using var first = pool.Take();
        using var second = pool.Take();

        Assert.Equal(0, pool.Available);
        Assert.Equal(2, factory.Made);

        factory.ReleaseFiller();
        await pool.WhenFullAsync().WaitAsync(Patience);
        Assert.Equal(2, pool.Available);
        Assert.Equal(4, factory.MadeByFiller);
    }

    [Fact]
    public void Take_makes_a_key_on_the_spot_when_the_pool_is_dry()
    {
        using var factory = new KeyFactory();
        factory.HoldFiller();
        using var pool = new RsaKeyPool(2, factory.Make);

        using var key = pool.Take();

        Assert.NotNull(key);
        Assert.Equal(1, factory.Made);
        Assert.Equal(0, factory.MadeByFiller);
        factory.ReleaseFiller();
    }

    [Fact]
    public void A_pool_of_capacity_zero_makes_every_key_on_demand_without_a_thread()
    {
        using var factory = new KeyFactory();
        var before = OperatingSystem.IsLinux() ? WorkerThreads() : [];
        using var pool = new RsaKeyPool(0, factory.Make);

        using var key = pool.Take();

        Assert.Equal(1, factory.Made);
        Assert.Equal(0, pool.Available);
        if (OperatingSystem.IsLinux())
        {
            Assert.Empty(WorkerThreads().Except(before));
        }
    }

    [Trait("Speed", "Slow")]
    [Fact]
    public void Every_key_taken_is_a_distinct_real_2048_bit_key()
    {
        using var pool = new RsaKeyPool(new RsaKeyPoolOptions { Capacity = 1 });

        using var a = pool.Take();
        using var b = pool.Take();

        Assert.Equal(2048, a.KeySize);
        Assert.Equal(2048, b.KeySize);
        Assert.NotEqual(a.ExportSubjectPublicKeyInfo(), b.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task The_filler_thread_runs_at_the_lowest_priority_on_linux()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        using var factory = new KeyFactory();
        // Compared with what it was rather than with 19: the suite may itself run under nice 19.
        var processNice = Nice("/proc/self/stat");
        var before = WorkerThreads();
        using var pool = new RsaKeyPool(1, factory.Make, workers: 1);
        await pool.WhenFullAsync().WaitAsync(Patience);
        Assert.Equal(1, pool.Available);

        // The worker lowers its priority before it makes its first key, and the pool holds that key.
        var worker = Assert.Single(WorkerThreads().Except(before));
        Assert.Equal(19, Nice($"/proc/self/task/{worker}/stat"));
        Assert.Equal(19, Assert.Single(factory.FillerNices));
        Assert.Equal(processNice, Nice("/proc/self/stat"));
    }

    /// <summary>The kernel's ids of the threads named as the pools' workers, in this process (any pool).</summary>
    private static HashSet<string> WorkerThreads() =>
    [
        .. new DirectoryInfo("/proc/self/task").EnumerateDirectories()
            .Where(task => ReadOrNull(Path.Combine(task.FullName, "comm"))?.TrimEnd('\n') == WorkerComm)
            .Select(task => task.Name),
    ];

    // A thread may end between listing and reading.
    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static int Nice(string statFile)
    {
        var stat = File.ReadAllText(statFile);
        // Fields after "(comm)": state is field 3, nice is field 19.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Keys_taken_from_many_threads_at_once_are_never_handed_out_twice()
    {
        using var factory = new KeyFactory();
        using var pool = new RsaKeyPool(2, factory.Make);

        var keys = new RSA[50];
        Parallel.For(0, keys.Length, i => keys[i] = pool.Take());

        Assert.Equal(keys.Length, keys.Distinct(ReferenceEqualityComparer.Instance).Count());
        foreach (var key in keys)
        {
            key.Dispose();
        }
    }

    [Fact]
    public async Task TakeAsync_on_a_dry_pool_waits_for_a_low_priority_worker_and_never_makes_the_key_on_the_callers_thread()
    {
        var makers = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var factory = new KeyFactory();
        factory.HoldFiller();
        using var pool = new RsaKeyPool(1, () =>
        {
            makers.Add(Environment.CurrentManagedThreadId);
            return factory.Make();
        }, workers: 2);

        var waiting = pool.TakeAsync();
        Assert.False(waiting.IsCompleted);
        factory.ReleaseFiller();
        using var key = await waiting.WaitAsync(Patience);

        Assert.NotNull(key);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, makers);
        if (OperatingSystem.IsLinux())
        {
            // Both workers may have made a key by now (one for the waiter, one for the pool): each at the lowest priority.
            Assert.NotEmpty(factory.FillerNices);
            Assert.All(factory.FillerNices, nice => Assert.Equal(19, nice));
        }
    }

    [Fact]
    public async Task Many_waiters_on_a_dry_pool_each_get_a_distinct_key_from_the_workers()
    {
        using var factory = new KeyFactory();
        using var pool = new RsaKeyPool(1, factory.Make, workers: 2);

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => pool.TakeAsync())).WaitAsync(Patience);

        Assert.Equal(8, keys.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(factory.Made, factory.MadeByFiller);
        foreach (var key in keys)
        {
            key.Dispose();
        }
    }

    [Fact]
    public async Task A_disposed_pool_refuses_takes()
    {
        using var factory = new KeyFactory();
        var pool = new RsaKeyPool(2, factory.Make);
        await pool.WhenFullAsync().WaitAsync(Patience);
        Assert.Equal(2, pool.Available);

        pool.Dispose();
        pool.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pool.Take());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.TakeAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.WhenFullAsync());
    }
}
