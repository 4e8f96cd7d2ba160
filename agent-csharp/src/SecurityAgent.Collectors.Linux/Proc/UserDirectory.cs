using System.Globalization;

namespace SecurityAgent.Collectors.Linux.Proc;

/// <summary>
/// Uid to user name, from &lt;root&gt;/etc/passwd; re-read when the file changes. A uid with no entry
/// has no name (the event carries the uid only).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class UserDirectory
{
    private readonly string _passwdPath;
    private readonly Lock _lock = new();
    private DateTime _stamp;
    private long _checkedAt = long.MinValue;
    private Dictionary<uint, string> _names = [];

    /// <summary>Creates a directory over <paramref name="root"/>/etc/passwd.</summary>
    public UserDirectory(string root) => _passwdPath = Path.Combine(root, "etc", "passwd");

    /// <summary>The user name of <paramref name="uid"/>, or null.</summary>
    public string? NameOf(uint uid)
    {
        lock (_lock)
        {
            Refresh();
            return _names.GetValueOrDefault(uid);
        }
    }

    private void Refresh()
    {
        // The process collector asks for every exec: look at the file at most once a second.
        var now = Environment.TickCount64;
        if (_checkedAt != long.MinValue && now - _checkedAt < 1000)
        {
            return;
        }
        _checkedAt = now;
        DateTime stamp;
        try
        {
            stamp = File.GetLastWriteTimeUtc(_passwdPath);
        }
        catch (IOException)
        {
            return;
        }
        if (stamp == _stamp)
        {
            return;
        }
        var names = new Dictionary<uint, string>();
        try
        {
            foreach (var line in File.ReadLines(_passwdPath))
            {
                var fields = line.Split(':');
                if (fields.Length >= 3 && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
                {
                    names.TryAdd(uid, fields[0]);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }
        _names = names;
        _stamp = stamp;
    }
}
