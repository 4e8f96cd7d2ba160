using System.Diagnostics;
using System.Globalization;

/// <summary>A shell starting /bin/true as fast as it can; counts what it started.</summary>
internal static class Storm
{
    /// <summary>Runs one storm; <paramref name="cpu"/> reads the observer's CPU time in ms (before and after).</summary>
    public static StormResult Run(int seconds, Func<double> cpu, Func<uint, long>? captured = null, Func<long>? incomplete = null, bool quiet = false)
    {
        var before = cpu();
        var threads = ThreadCpu.Snapshot();
        var kauditd = KernelThreadCpu("kauditd");
        var psi = new ProcessStartInfo("/bin/bash", ["-c", $"end=$((SECONDS+{seconds})); n=0; while ((SECONDS<end)); do /bin/true; n=$((n+1)); done; echo $n"])
        { UseShellExecute = false, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var count = long.Parse(p.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
        p.WaitForExit();
        Thread.Sleep(1000); // let the observer drain what is queued
        var used = cpu() - before;
        if (!quiet)
        {
            Console.WriteLine(ThreadCpu.Describe(threads, ThreadCpu.Snapshot(), count)
            + string.Create(CultureInfo.InvariantCulture, $"; kauditd {(KernelThreadCpu("kauditd") - kauditd) * 1000 / count:0.0}"));
        }
        return new StormResult(count, seconds, used, captured?.Invoke((uint)p.Id) ?? -1, incomplete?.Invoke() ?? 0);
    }

    /// <summary>The CPU time in ms of the first process named <paramref name="name"/> (a kernel thread), or 0.</summary>
    public static double KernelThreadCpu(string name)
    {
        var pid = Process.GetProcessesByName(name).FirstOrDefault()?.Id ?? 0;
        if (pid == 0)
        {
            return 0;
        }
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    /// <summary>This process's CPU time in ms.</summary>
    public static double OwnCpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
}
