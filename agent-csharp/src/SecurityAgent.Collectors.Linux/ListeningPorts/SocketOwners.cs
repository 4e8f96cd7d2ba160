using System.Globalization;
using SecurityAgent.Collectors.Linux.Proc;

namespace SecurityAgent.Collectors.Linux.ListeningPorts;

/// <summary>
/// Socket inode to owning process, from the socket:[inode] links in /proc/&lt;pid&gt;/fd (in a
/// fixture tree, small files holding that text). Needs CAP_SYS_PTRACE (or root) for other users' processes.
/// </summary>
internal static class SocketOwners
{
    /// <summary>Maps the inodes in <paramref name="wanted"/> to their first owning process.</summary>
    public static Dictionary<ulong, uint> Find(ProcFileSystem proc, IReadOnlySet<ulong> wanted)
    {
        var owners = new Dictionary<ulong, uint>();
        if (wanted.Count == 0)
        {
            return owners;
        }
        foreach (var pid in proc.ListProcessIds())
        {
            IEnumerable<string> fds;
            try
            {
                fds = Directory.EnumerateFileSystemEntries(Path.Combine(proc.ProcPath, pid.ToString(CultureInfo.InvariantCulture), "fd"));
                foreach (var fd in fds)
                {
                    var target = LinkText(fd);
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && target.EndsWith(']')
                        && ulong.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                        && wanted.Contains(inode))
                    {
                        owners.TryAdd(inode, pid);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process exited or is not ours to read: its sockets stay without an owner.
            }
        }
        return owners;
    }

    private static string? LinkText(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
        {
            return target;
        }
        return (info.Attributes & FileAttributes.ReparsePoint) == 0 && info.Length is > 0 and < 64 ? File.ReadAllText(path).Trim() : null;
    }
}
