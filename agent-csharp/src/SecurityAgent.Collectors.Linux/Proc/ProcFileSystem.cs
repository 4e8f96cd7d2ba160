using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SecurityAgent.Collectors.Linux.Proc;

/// <summary>
/// Reads processes from a proc tree under a root path: "/" on a live host, a fixture directory in
/// tests (where /proc/&lt;pid&gt;/exe is a symbolic link to the executable path and the other files
/// hold what the kernel would print).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class ProcFileSystem
{
    /// <summary>The most command-line bytes read (the core truncates command lines far below this).</summary>
    private const int CommandLineBytes = 32 << 10;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly byte[] _procUtf8;

    /// <summary>Creates a reader over <paramref name="root"/>/proc.</summary>
    public ProcFileSystem(string root)
    {
        Root = root;
        ProcPath = Path.Combine(root, "proc");
        _procUtf8 = ProcFile.Utf8(ProcPath);
    }

    /// <summary>The root path.</summary>
    public string Root { get; }

    /// <summary>The proc directory.</summary>
    public string ProcPath { get; }

    /// <summary>Reads one process, or returns null if it is gone or unreadable.</summary>
    public ProcessInfo? Read(uint pid)
    {
        Span<byte> path = stackalloc byte[_procUtf8.Length + 32];
        Span<byte> status = stackalloc byte[4096];
        ProcFile.PathOf(_procUtf8, pid, "status"u8, path);
        var n = ProcFile.Read(path, status);
        if (n <= 0 || !TryParseStatus(status[..n], out var ppid, out var uid, out var name))
        {
            return null;
        }
        return new ProcessInfo(pid, ppid, uid, ReadExecutable(pid), ReadCommandLine(pid), name);
    }

    /// <summary>Reads the executable link of one process, or null.</summary>
    public string? ReadExecutable(uint pid)
    {
        Span<byte> path = stackalloc byte[_procUtf8.Length + 32];
        Span<byte> target = stackalloc byte[4096];
        ProcFile.PathOf(_procUtf8, pid, "exe"u8, path);
        var n = ProcFile.ReadLink(path, target);
        if (n >= 0)
        {
            return Utf8.GetString(target[..n]);
        }
        // EINVAL: not a link, which only a fixture tree has (see ReadExecutableFile).
        return Marshal.GetLastPInvokeError() == 22 ? ReadExecutableFile(Path.Combine(ProcPath, pid.ToString(CultureInfo.InvariantCulture))) : null;
    }

    /// <summary>The process ids present now.</summary>
    public IEnumerable<uint> ListProcessIds()
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories(ProcPath);
        }
        catch (IOException)
        {
            yield break;
        }
        foreach (var entry in entries)
        {
            if (uint.TryParse(Path.GetFileName(entry.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>Parses PPid, the real Uid and Name out of /proc/&lt;pid&gt;/status text.</summary>
    public static bool TryParseStatus(string status, out uint parentPid, out uint uid, out string name)
    {
        parentPid = 0;
        uid = 0;
        name = string.Empty;
        bool havePpid = false, haveUid = false;
        foreach (var line in status.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var key = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (key.SequenceEqual("Name"))
            {
                name = value.ToString();
            }
            else if (key.SequenceEqual("PPid"))
            {
                havePpid = uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out parentPid);
            }
            else if (key.SequenceEqual("Uid"))
            {
                var end = value.IndexOfAny('\t', ' ');
                haveUid = uint.TryParse(end < 0 ? value : value[..end], NumberStyles.None, CultureInfo.InvariantCulture, out uid);
            }
        }
        return havePpid && haveUid;
    }

    /// <summary>Parses PPid, the real Uid and Name out of /proc/&lt;pid&gt;/status bytes.</summary>
    public static bool TryParseStatus(ReadOnlySpan<byte> status, out uint parentPid, out uint uid, out string name)
    {
        parentPid = 0;
        uid = 0;
        name = string.Empty;
        bool havePpid = false, haveUid = false;
        while (status.Length > 0 && !(havePpid && haveUid))
        {
            var end = status.IndexOf((byte)'\n');
            var line = end < 0 ? status : status[..end];
            status = end < 0 ? [] : status[(end + 1)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }
            var key = line[..colon];
            var value = line[(colon + 1)..].TrimStart("\t "u8);
            if (key.SequenceEqual("Name"u8))
            {
                name = Utf8.GetString(value);
            }
            else if (key.SequenceEqual("PPid"u8))
            {
                havePpid = uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out parentPid);
            }
            else if (key.SequenceEqual("Uid"u8))
            {
                var stop = value.IndexOfAny((byte)'\t', (byte)' ');
                haveUid = uint.TryParse(stop < 0 ? value : value[..stop], NumberStyles.None, CultureInfo.InvariantCulture, out uid);
            }
        }
        return havePpid && haveUid;
    }

    /// <summary>Turns the NUL-separated /proc/&lt;pid&gt;/cmdline bytes into arguments joined by spaces.</summary>
    public static string JoinCommandLine(ReadOnlySpan<byte> raw)
    {
        while (raw.Length > 0 && raw[^1] == 0)
        {
            raw = raw[..^1];
        }
        var text = Utf8.GetString(raw);
        return text.Replace('\0', ' ');
    }

    private string ReadCommandLine(uint pid)
    {
        Span<byte> path = stackalloc byte[_procUtf8.Length + 32];
        ProcFile.PathOf(_procUtf8, pid, "cmdline"u8, path);
        var buffer = ArrayPool<byte>.Shared.Rent(CommandLineBytes);
        try
        {
            var n = ProcFile.Read(path, buffer.AsSpan(0, CommandLineBytes));
            return n <= 0 ? string.Empty : JoinCommandLine(buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? ReadExecutableFile(string dir)
    {
        try
        {
            var info = new FileInfo(Path.Combine(dir, "exe"));
            if (info.LinkTarget is { } target)
            {
                return target;
            }
            // A fixture tree stores the link as a small regular file holding the path; the live
            // /proc entry is always a symbolic link, so a failed readlink never falls through here.
            return info.Exists && (info.Attributes & FileAttributes.ReparsePoint) == 0 && info.Length is > 0 and < 4096
                ? File.ReadAllText(info.FullName).TrimEnd('\n')
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
