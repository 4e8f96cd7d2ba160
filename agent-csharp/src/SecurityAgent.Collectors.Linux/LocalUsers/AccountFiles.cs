using System.Globalization;

namespace SecurityAgent.Collectors.Linux.LocalUsers;

/// <summary>
/// Parses /etc/passwd and /etc/group lines (name:x:id:...). Blank, comment and malformed lines are
/// skipped and counted; NIS "+"/"-" entries are skipped.
/// </summary>
internal static class AccountFiles
{
    /// <summary>Users: name, uid, primary gid, in file order.</summary>
    public static List<(string Name, uint Uid, uint Gid)> ParsePasswd(IEnumerable<string> lines, out int malformed)
    {
        var users = new List<(string, uint, uint)>();
        malformed = 0;
        foreach (var line in lines)
        {
            if (Skip(line))
            {
                continue;
            }
            var f = line.Split(':');
            if (f.Length < 4 || f[0].Length == 0 || !TryId(f[2], out var uid) || !TryId(f[3], out var gid))
            {
                malformed++;
                continue;
            }
            users.Add((f[0], uid, gid));
        }
        return users;
    }

    /// <summary>Groups: name, gid, members, in file order.</summary>
    public static List<(string Name, uint Gid, string[] Members)> ParseGroup(IEnumerable<string> lines, out int malformed)
    {
        var groups = new List<(string, uint, string[])>();
        malformed = 0;
        foreach (var line in lines)
        {
            if (Skip(line))
            {
                continue;
            }
            var f = line.Split(':');
            if (f.Length < 4 || f[0].Length == 0 || !TryId(f[2], out var gid))
            {
                malformed++;
                continue;
            }
            groups.Add((f[0], gid, f[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        }
        return groups;
    }

    private static bool Skip(string line) => line.Length == 0 || line[0] is '#' or '+' or '-' || string.IsNullOrWhiteSpace(line);

    private static bool TryId(string text, out uint id) => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
