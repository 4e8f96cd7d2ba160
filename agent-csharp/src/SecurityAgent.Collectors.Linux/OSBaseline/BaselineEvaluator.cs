using System.Globalization;
using System.Runtime.InteropServices;
using SecurityAgent.Collectors.Linux.Interop;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.OSBaseline;

/// <summary>Evaluates baseline checks against the files under a root path (a fixture tree in tests).</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class BaselineEvaluator(string root)
{
    /// <summary>Evaluates one check.</summary>
    public BaselineOutcome Evaluate(BaselineCheck check)
    {
        try
        {
            var (result, error) = check.Kind switch
            {
                "keyValue" => KeyValue(check),
                "fileContent" => FileContent(check),
                "fileMode" => FileMode(check),
                "absent" => Absent(check),
                "mountOption" => MountOption(check),
                "noEmptyPasswords" => NoEmptyPasswords(check),
                "onlyRootUid0" => OnlyRootUid0(check),
                _ => (BaselineResult.Err, $"unknown kind {check.Kind}"),
            };
            return new BaselineOutcome(check, result, error);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new BaselineOutcome(check, BaselineResult.Err, $"cannot read: {ex.Message.Replace(root, "/", StringComparison.Ordinal)}");
        }
    }

    private string Full(string relative) => Path.Combine(root, relative.TrimStart('/'));

    private (BaselineResult, string)? MissingFile(BaselineCheck check, string relative)
    {
        var full = Full(relative);
        return File.Exists(full) ? null
            : (check.Missing, check.Missing == BaselineResult.Pass ? string.Empty : $"/{relative.TrimStart('/')} does not exist");
    }

    private (BaselineResult, string) KeyValue(BaselineCheck check)
    {
        if (MissingFile(check, check.Path!) is { } missing)
        {
            return missing;
        }
        string? value = null;
        foreach (var raw in File.ReadLines(Full(check.Path!)))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var space = line.IndexOfAny([' ', '\t', '=']);
            var key = space < 0 ? line : line[..space];
            if (key.Equals("Match", StringComparison.OrdinalIgnoreCase))
            {
                break; // sshd: what follows applies to some connections only
            }
            if (space > 0 && key.Equals(check.Key, StringComparison.OrdinalIgnoreCase))
            {
                value = line[(space + 1)..].Trim().TrimStart('=').Trim().Trim('"');
                break; // sshd and login.defs use the first value given
            }
        }
        var set = value is not null;
        value ??= check.Default;
        if (value is null)
        {
            return (BaselineResult.Fail, $"{check.Key} is not set");
        }
        var shown = set ? $"{check.Key} is {value}" : $"{check.Key} is not set (default {value})";
        if (check.Allowed.Count > 0 && !check.Allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return (BaselineResult.Fail, $"{shown}; expected {string.Join(" or ", check.Allowed)}");
        }
        if (check.Min is not null || check.Max is not null)
        {
            if (!TryNumber(value, out var number))
            {
                return (BaselineResult.Fail, $"{shown}; expected a number");
            }
            if (number < check.Min || number > check.Max)
            {
                return (BaselineResult.Fail, $"{shown}; expected {Range(check)}");
            }
        }
        return (BaselineResult.Pass, string.Empty);
    }

    private (BaselineResult, string) FileContent(BaselineCheck check)
    {
        if (MissingFile(check, check.Path!) is { } missing)
        {
            return missing;
        }
        var value = File.ReadAllText(Full(check.Path!)).Trim();
        return check.Allowed.Contains(value, StringComparer.OrdinalIgnoreCase)
            ? (BaselineResult.Pass, string.Empty)
            : (BaselineResult.Fail, $"/{check.Path} is {value}; expected {string.Join(" or ", check.Allowed)}");
    }

    private unsafe (BaselineResult, string) FileMode(BaselineCheck check)
    {
        if (MissingFile(check, check.Path!) is { } missing)
        {
            return missing;
        }
        var buffer = stackalloc byte[256];
        if (Libc.Statx(-100, Full(check.Path!), 0, 0x7ff, buffer) != 0)
        {
            return (BaselineResult.Err, $"cannot stat /{check.Path} (errno {Marshal.GetLastPInvokeError()})");
        }
        var uid = *(uint*)(buffer + 20);
        var mode = *(ushort*)(buffer + 28) & 0xfff;
        var problems = new List<string>();
        if ((mode & ~check.MaxMode!.Value) != 0)
        {
            problems.Add($"mode is {Convert.ToString(mode, 8).PadLeft(4, '0')}, more than {Convert.ToString(check.MaxMode.Value, 8).PadLeft(4, '0')}");
        }
        if (check.Owner is { } owner && uid != owner)
        {
            problems.Add($"owner is uid {uid}, not {owner}");
        }
        return problems.Count == 0 ? (BaselineResult.Pass, string.Empty) : (BaselineResult.Fail, $"/{check.Path}: {string.Join("; ", problems)}");
    }

    private (BaselineResult, string) Absent(BaselineCheck check)
    {
        var present = check.Paths.Where(p => File.Exists(Full(p)) || Directory.Exists(Full(p)) || new FileInfo(Full(p)).LinkTarget is not null).ToList();
        return present.Count == 0 ? (BaselineResult.Pass, string.Empty) : (BaselineResult.Fail, "present: " + string.Join(", ", present.Select(p => "/" + p)));
    }

    private (BaselineResult, string) MountOption(BaselineCheck check)
    {
        string[]? options = null;
        foreach (var line in File.ReadLines(Full("proc/mounts")))
        {
            var fields = line.Split(' ');
            if (fields.Length >= 4 && fields[1] == check.MountPoint)
            {
                options = fields[3].Split(','); // the last mount of a point is the one in effect
            }
        }
        if (options is null)
        {
            return (check.Missing, check.Missing == BaselineResult.Pass ? string.Empty : $"{check.MountPoint} is not a separate file system");
        }
        var lacking = check.Options.Where(o => !options.Contains(o, StringComparer.Ordinal)).ToList();
        return lacking.Count == 0 ? (BaselineResult.Pass, string.Empty) : (BaselineResult.Fail, $"{check.MountPoint} is mounted without {string.Join(", ", lacking)}");
    }

    private (BaselineResult, string) NoEmptyPasswords(BaselineCheck check)
    {
        if (MissingFile(check, check.Path!) is { } missing)
        {
            return missing;
        }
        var empty = File.ReadLines(Full(check.Path!)).Select(l => l.Split(':')).Where(f => f.Length >= 2 && f[0].Length > 0 && !f[0].StartsWith('#') && f[1].Length == 0)
            .Select(f => f[0]).ToList();
        return empty.Count == 0 ? (BaselineResult.Pass, string.Empty) : (BaselineResult.Fail, "empty password: " + string.Join(", ", empty));
    }

    private (BaselineResult, string) OnlyRootUid0(BaselineCheck check)
    {
        if (MissingFile(check, check.Path!) is { } missing)
        {
            return missing;
        }
        var others = File.ReadLines(Full(check.Path!)).Select(l => l.Split(':')).Where(f => f.Length >= 3 && f[2] == "0" && f[0] != "root")
            .Select(f => f[0]).ToList();
        return others.Count == 0 ? (BaselineResult.Pass, string.Empty) : (BaselineResult.Fail, "uid 0 besides root: " + string.Join(", ", others));
    }

    /// <summary>A number, or a duration with an sshd suffix (s, m, h, d, w) in seconds.</summary>
    private static bool TryNumber(string text, out long number)
    {
        var multiplier = text.Length > 1 ? char.ToLowerInvariant(text[^1]) switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, 'w' => 604800, _ => 0 } : 0;
        var digits = multiplier == 0 ? text : text[..^1];
        if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            number *= Math.Max(multiplier, 1);
            return true;
        }
        return false;
    }

    private static string Range(BaselineCheck check) => (check.Min, check.Max) switch
    {
        ({ } min, { } max) => $"{min} to {max}",
        ({ } min, null) => $"at least {min}",
        (null, { } max) => $"at most {max}",
        _ => "a number",
    };
}
