using System.Runtime.InteropServices;

namespace SecurityAgent.Outbox;

/// <summary>
/// Makes a rename or unlink durable: on Linux a new name reaches the disk only when its directory
/// is synced. Windows journals directory changes itself, so there it does nothing.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux

    /// <summary>fsync(2) on the directory; returns false when the platform refused.</summary>
    public static bool Sync(string path)
    {
        if (!OperatingSystem.IsLinux())
            return true;
        var fd = Open(path, ReadOnly | Directory);
        if (fd < 0)
            return false;
        try
        {
            return Fsync(fd) == 0;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
