using System.Globalization;
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
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Creates a reader over <paramref name="root"/>/proc.</summary>
    public ProcFileSystem(string root)
    {
        Root = root;
        ProcPath = Path.Combine(root, "proc");
    }

    /// <summary>The root path.</summary>
    public string Root { get; }

    /// <summary>The proc directory.</summary>
    public string ProcPath { get; }

    /// <summary>Reads one process, or returns null if it is gone or unreadable.</summary>
    public ProcessInfo? Read(uint pid)
    {
        var dir = Path.Combine(ProcPath, pid.ToString(CultureInfo.InvariantCulture));
        string status;
        try
        {
            status = File.ReadAllText(Path.Combine(dir, "status"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (!TryParseStatus(status, out var ppid, out var uid, out var name))
        {
            return null;
        }
        return new ProcessInfo(pid, ppid, uid, ReadExecutable(dir), ReadCommandLine(dir), name);
    }

    /// <summary>Reads the executable link of one process, or null.</summary>
    public string? ReadExecutable(uint pid) => ReadExecutable(Path.Combine(ProcPath, pid.ToString(CultureInfo.InvariantCulture)));

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

    private static string ReadCommandLine(string dir)
    {
        try
        {
            return JoinCommandLine(File.ReadAllBytes(Path.Combine(dir, "cmdline")));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static string? ReadExecutable(string dir)
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
