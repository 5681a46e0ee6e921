using System.Runtime.InteropServices;

namespace OmeSim.Core.Tests.Appliances;

/// <summary>A file's inode and link count (Linux statx, whose layout is the same on every architecture).</summary>
internal static partial class FileIdentity
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;

    public static (ulong Inode, uint Links) Of(string path)
    {
        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0)
        {
            throw new IOException($"statx '{path}' failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        // struct statx: stx_nlink at offset 16 (u32), stx_ino at offset 32 (u64).
        return (BitConverter.ToUInt64(buffer, 32), BitConverter.ToUInt32(buffer, 16));
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);
}
