using System.Diagnostics;
using System.Globalization;
using SecurityAgent.Collectors;
using SecurityAgent.Collectors.Linux.ProcessCreate;
using SecurityAgent.Core.Events;

var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var (alone, _) = Storm(seconds);
var context = new CountingContext();
using var stop = new CancellationTokenSource();
var collector = new ProcessCreateCollector();
var run = collector.RunAsync(context, stop.Token);
await Task.Delay(1000);
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var (withAgent, stormPid) = Storm(seconds);
await Task.Delay(1000);
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
await stop.CancelAsync();
await run;
var captured = context.CreatedBy(stormPid);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"storm {seconds} s: alone {alone} execs ({alone / (double)seconds:0} /s); with agent {withAgent} execs ({withAgent / (double)seconds:0} /s, ratio {withAgent / (double)alone:0.000})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"captured {captured} of {withAgent} ({100.0 * captured / withAgent:0.00} %), incomplete {context.Incomplete}, overflows {collector.Overflows}; agent CPU {cpu.TotalMilliseconds:0} ms = {cpu.TotalMilliseconds * 1000 / withAgent:0.0} ms per 1,000 execs"));

static (long Count, uint Pid) Storm(int seconds)
{
    var psi = new ProcessStartInfo("/bin/bash", ["-c", $"end=$((SECONDS+{seconds})); n=0; while ((SECONDS<end)); do /bin/true; n=$((n+1)); done; echo $n"])
    { UseShellExecute = false, RedirectStandardOutput = true };
    using var p = Process.Start(psi)!;
    var count = long.Parse(p.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
    p.WaitForExit();
    return (count, (uint)p.Id);
}

internal sealed class CountingContext : ICollectorContext
{
    private readonly Dictionary<uint, long> _byParent = [];
    private long _incomplete;

    public TimeProvider TimeProvider => TimeProvider.System;

    public long Incomplete => Interlocked.Read(ref _incomplete);

    public long CreatedBy(uint parent)
    {
        lock (_byParent)
        {
            return _byParent.GetValueOrDefault(parent);
        }
    }

    public void Submit(SecurityEvent securityEvent)
    {
        foreach (var item in securityEvent.Payload)
        {
            if (item is ProcessCreatePayload create)
            {
                if (create.ExtraDetails is not null)
                {
                    Interlocked.Increment(ref _incomplete);
                }
                lock (_byParent)
                {
                    _byParent[create.ParentProcessId] = _byParent.GetValueOrDefault(create.ParentProcessId) + 1;
                }
            }
        }
    }

    public void Report(DiagnosticSeverity severity, string message) => Console.Error.WriteLine($"{severity}: {message}");

    public ValueTask WaitForSnapshotAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
