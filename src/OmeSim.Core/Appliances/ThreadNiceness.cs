using System.Runtime.InteropServices;

namespace OmeSim.Core.Appliances;

/// <summary>
/// Lowers the calling thread's priority on Linux, where Thread.Priority does nothing: setpriority(PRIO_PROCESS, tid)
/// renices that thread alone (Linux threads are tasks with their own nice value).
/// </summary>
internal static partial class ThreadNiceness
{
    public const int Lowest = 19;

    private const int PrioProcess = 0;

    /// <summary>Renices the calling thread to <see cref="Lowest"/> where that is possible; elsewhere it runs as is.</summary>
    public static void LowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        try
        {
            if (CurrentThreadId() is var tid and > 0)
            {
                _ = SetPriority(PrioProcess, tid, Lowest);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc to ask: the thread keeps its priority.
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

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Syscall(long number);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
