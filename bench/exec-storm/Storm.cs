using System.Diagnostics;
using System.Globalization;

/// <summary>A shell starting /bin/true as fast as it can; counts what it started.</summary>
internal static class Storm
{
    /// <summary>Runs one storm; <paramref name="cpu"/> reads the observer's CPU time in ms (before and after).</summary>
    public static StormResult Run(int seconds, Func<double> cpu, Func<uint, long>? captured = null, Func<long>? incomplete = null)
    {
        var before = cpu();
        var psi = new ProcessStartInfo("/bin/bash", ["-c", $"end=$((SECONDS+{seconds})); n=0; while ((SECONDS<end)); do /bin/true; n=$((n+1)); done; echo $n"])
        { UseShellExecute = false, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var count = long.Parse(p.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
        p.WaitForExit();
        Thread.Sleep(1000); // let the observer drain what is queued
        var used = cpu() - before;
        return new StormResult(count, seconds, used, captured?.Invoke((uint)p.Id) ?? -1, incomplete?.Invoke() ?? 0);
    }

    /// <summary>This process's CPU time in ms.</summary>
    public static double OwnCpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
}
