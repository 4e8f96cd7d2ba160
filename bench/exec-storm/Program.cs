using System.Globalization;
using SecurityAgent.Collectors.Linux.ProcessCreate;

// The exec storm: see README.md. Arguments: [seconds per storm (30)] [runs (3)] [modes (alone,bare,agent-proc,agent,auditd)].
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var modes = (args.Length > 2 ? args[2] : "alone,bare,agent-proc,agent,auditd").Split(',');
var results = new Dictionary<string, List<StormResult>>();
for (var run = 0; run < runs; run++)
{
    foreach (var mode in modes)
    {
        var result = mode switch
        {
            "alone" => Storm.Run(seconds, () => 0),
            "bare" => BareListener.Measure(seconds),
            "agent" => await AgentRun.MeasureAsync(seconds, ProcessSource.ProcConnector, audit: true),
            "agent-proc" => await AgentRun.MeasureAsync(seconds, ProcessSource.ProcConnector, audit: false),
            "auditd" => AuditdRun.Measure(seconds),
            _ => throw new ArgumentException($"unknown mode {mode}"),
        };
        Console.WriteLine($"run {run + 1} {mode}: {result}");
        (results.TryGetValue(mode, out var list) ? list : results[mode] = []).Add(result);
    }
}
Console.WriteLine();
Console.WriteLine($"medians of {runs} runs, {seconds} s storms:");
var aloneRate = results.TryGetValue("alone", out var a) ? Median(a.Select(r => r.Rate)) : double.NaN;
foreach (var (mode, list) in results)
{
    var rate = Median(list.Select(r => r.Rate));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{mode,-7} rate {rate:0} execs/s (ratio {rate / aloneRate:0.000}), CPU per 1,000 execs {Median(list.Select(r => r.CpuPerThousand)):0.0} ms, captured {Median(list.Select(r => r.CapturedPercent)):0.00} %, incomplete {Median(list.Select(r => (double)r.Incomplete)):0}"));
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
