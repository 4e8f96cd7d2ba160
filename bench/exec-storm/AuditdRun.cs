using System.Diagnostics;
using System.Globalization;

/// <summary>
/// The storm with auditd recording it under the Azure agents' rules (execve/execveat always, and
/// connect/accept on success), auditd's CPU and kauditd's measured from /proc. The rules are
/// removed, auditd stopped and the audit enabled flag restored afterwards, also on failure.
/// </summary>
internal static class AuditdRun
{
    private static readonly string[][] Rules =
    [
        ["-a", "always,exit", "-F", "arch=b64", "-S", "execve,execveat"],
        ["-a", "always,exit", "-F", "arch=b64", "-S", "connect", "-F", "success=1"],
        ["-a", "always,exit", "-F", "arch=b64", "-S", "accept", "-F", "success=1"],
    ];

    public static StormResult Measure(int seconds)
    {
        var enabledBefore = Run("auditctl", "-s").Contains("enabled 1", StringComparison.Ordinal) ? "1" : "0";
        Run("auditd");
        var pid = 0;
        for (var i = 0; i < 50 && pid == 0; i++)
        {
            Thread.Sleep(100);
            var status = Run("auditctl", "-s");
            var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("pid ", StringComparison.Ordinal));
            pid = line is null ? 0 : int.Parse(line[4..], CultureInfo.InvariantCulture);
        }
        var kauditd = Process.GetProcessesByName("kauditd").FirstOrDefault()?.Id ?? 0;
        try
        {
            foreach (var rule in Rules)
            {
                Run("auditctl", rule);
            }
            return Storm.Run(seconds, () => Cpu(pid) + Cpu(kauditd));
        }
        finally
        {
            foreach (var rule in Rules)
            {
                Run("auditctl", ["-d", .. rule[1..]]);
            }
            if (pid != 0)
            {
                Process.GetProcessById(pid).Kill();
                Thread.Sleep(500);
            }
            Run("auditctl", "-e", enabledBefore);
        }
    }

    /// <summary>utime + stime of a process, in ms.</summary>
    private static double Cpu(int pid)
    {
        if (pid == 0)
        {
            return 0;
        }
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 10.0; // USER_HZ is 100
    }

    private static string Run(string tool, params string[] arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(tool, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }
}
