using System.Runtime.InteropServices;

namespace OmeSim.Core.Appliances;

/// <summary>Writes that survive a power cut: file data and directory entries flushed to disk.</summary>
internal static partial class DurableFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> with <paramref name="bytes"/> and flushes it to disk.</summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> bytes, bool secret = false)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (secret && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        using var stream = new FileStream(path, options);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Flushes a directory's entries (files created, renamed, removed in it). A file's own fsync does not
    /// cover its name: without this, a crash can lose a rename that looked done. No-op where unsupported.
    /// </summary>
    public static void FlushDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var fd = Open(path, ORdOnly, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{path}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Cannot flush directory '{path}' (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Gives the file at <paramref name="existing"/> a second name, <paramref name="newPath"/> (a hard link: same inode,
    /// same data, same mode). The data needs no flush (it was flushed when first written); the new name is covered by
    /// the flush of its directory. False where links are unsupported (Windows, another filesystem, a refusing one):
    /// the caller then writes the file.
    /// </summary>
    public static bool TryLink(string existing, string newPath) =>
        !OperatingSystem.IsWindows() && Link(existing, newPath) == 0;

    private const int ORdOnly = 0;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string newPath);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
