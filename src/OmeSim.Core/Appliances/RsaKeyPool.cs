using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OmeSim.Core.Appliances;

/// <summary>
/// RSA keys made ahead, so that GenerateCSR answers without the ~0.2 s a 2048-bit key costs. One background
/// thread, at the lowest priority so it never competes with requests, keeps up to
/// <see cref="RsaKeyPoolOptions.Capacity"/> keys ready. One pool per appliance, or one shared: either works.
/// </summary>
public sealed partial class RsaKeyPool : IDisposable
{
    private readonly Func<RSA> _makeKey;
    private readonly Queue<RSA> _keys = new();
    // A plain monitor, not System.Threading.Lock: the filler sleeps on it with Monitor.Wait.
    private readonly object _sync = new();
    private readonly Thread? _filler;
    private bool _disposed;
    private volatile int _fillerNativeThreadId;

    public RsaKeyPool(RsaKeyPoolOptions? options = null)
        : this(options?.Capacity ?? 2, MakeKeyOf(options?.KeySize ?? 2048))
    {
    }

    internal RsaKeyPool(int capacity, Func<RSA> makeKey)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _makeKey = makeKey;
        if (capacity > 0)
        {
            _filler = new Thread(Fill) { IsBackground = true, Name = "OmeSim RSA key pool" };
            _filler.Start();
        }
    }

    /// <summary>How many keys the pool keeps ready.</summary>
    public int Capacity { get; }

    /// <summary>How many keys are ready now.</summary>
    public int Available
    {
        get { lock (_sync) { return _keys.Count; } }
    }

    /// <summary>The kernel's id of the filler thread once it runs (0 before, or without a filler); for tests.</summary>
    internal int FillerNativeThreadId => _fillerNativeThreadId;

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
            Monitor.Pulse(_sync);
        }
        return key ?? _makeKey();
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
        _filler?.Join();
        lock (_sync)
        {
            while (_keys.TryDequeue(out var key))
            {
                key.Dispose();
            }
        }
    }

    private static Func<RSA> MakeKeyOf(int keySize) => () =>
    {
        var key = RSA.Create(keySize);
        // The BCL makes the key lazily, on first use: force it here, on the thread meant to pay for it.
        _ = key.ExportSubjectPublicKeyInfo();
        return key;
    };

    private void Fill()
    {
        LowerOwnPriority();
        while (true)
        {
            lock (_sync)
            {
                while (!_disposed && _keys.Count >= Capacity)
                {
                    Monitor.Wait(_sync);
                }
                if (_disposed)
                {
                    return;
                }
            }

            RSA key;
            try
            {
                key = _makeKey();
            }
            catch (Exception)
            {
                // Takes still work (they make their own keys); retry later rather than spin or end the process.
                lock (_sync)
                {
                    if (!_disposed)
                    {
                        Monitor.Wait(_sync, TimeSpan.FromSeconds(1));
                    }
                }
                continue;
            }

            lock (_sync)
            {
                if (_disposed)
                {
                    key.Dispose();
                    return;
                }
                _keys.Enqueue(key);
            }
        }
    }

    // Thread.Priority does nothing on Linux. setpriority(PRIO_PROCESS, tid) renices this thread alone
    // (Linux threads are tasks with their own nice value). Elsewhere, or if refused, the thread runs as is.
    private void LowerOwnPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        try
        {
            var tid = CurrentThreadId();
            if (tid > 0)
            {
                _fillerNativeThreadId = tid;
                _ = SetPriority(PrioProcess, tid, 19);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    private static int CurrentThreadId()
    {
        try
        {
            return GetTid();
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.30 has no gettid(): ask the kernel directly.
            long number = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => 186,
                Architecture.Arm64 => 178,
                _ => -1,
            };
            return number < 0 ? 0 : (int)Syscall(number);
        }
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Syscall(long number);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
