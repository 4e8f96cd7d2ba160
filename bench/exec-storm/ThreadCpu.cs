using System.Globalization;
using System.Text;

/// <summary>
/// Per-thread CPU of this process from /proc/self/task/*/stat (user and system time), so a run can
/// say where the observer's CPU went: the listener thread, the JIT, the GC, the storm's own starter.
/// </summary>
internal static class ThreadCpu
{
    /// <summary>Thread id to (name, user ms, system ms) now; id 0 is the threads that have exited.</summary>
    public static Dictionary<int, (string Name, double User, double System)> Snapshot()
    {
        var result = new Dictionary<int, (string, double, double)>();
        var self = File.ReadAllText("/proc/self/stat");
        var all = self[(self.LastIndexOf(')') + 2)..].Split(' ');
        double liveUser = 0, liveSystem = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                var tid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                result[tid] = (stat[(open + 1)..close],
                    long.Parse(fields[11], CultureInfo.InvariantCulture) * 10.0,
                    long.Parse(fields[12], CultureInfo.InvariantCulture) * 10.0);
                liveUser += result[tid].Item2;
                liveSystem += result[tid].Item3;
            }
            catch (IOException)
            {
            }
        }
        result[0] = ("exited threads",
            (long.Parse(all[11], CultureInfo.InvariantCulture) * 10.0) - liveUser,
            (long.Parse(all[12], CultureInfo.InvariantCulture) * 10.0) - liveSystem);
        return result;
    }

    /// <summary>The CPU each thread name used between two snapshots, largest first, per 1,000 execs.</summary>
    public static string Describe(Dictionary<int, (string Name, double User, double System)> before,
        Dictionary<int, (string Name, double User, double System)> after, long execs)
    {
        var byName = new Dictionary<string, (double User, double System)>(StringComparer.Ordinal);
        foreach (var (tid, now) in after)
        {
            var then = before.GetValueOrDefault(tid);
            if (tid == 0)
            {
                // A thread live before and gone after moved its whole time into "exited".
                foreach (var (gone, was) in before.Where(b => b.Key != 0 && !after.ContainsKey(b.Key)))
                {
                    then = (then.Name, then.User + was.User, then.System + was.System);
                }
            }
            var sum = byName.GetValueOrDefault(now.Name);
            byName[now.Name] = (sum.User + now.User - then.User, sum.System + now.System - then.System);
        }
        var text = new StringBuilder("  per 1,000 execs by thread (user+sys ms):");
        foreach (var (name, cpu) in byName.Where(p => p.Value.User + p.Value.System > 0).OrderByDescending(p => p.Value.User + p.Value.System))
        {
            text.Append(CultureInfo.InvariantCulture, $" [{name}] {cpu.User * 1000 / execs:0.0}+{cpu.System * 1000 / execs:0.0}");
        }
        return text.ToString();
    }
}
