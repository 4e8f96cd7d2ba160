using SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>The storm with the agent's ProcessCreateCollector listening in this process, with or without its audit join.</summary>
internal static class AgentRun
{
    private const int WarmUpSeconds = 5;

    public static async Task<StormResult> MeasureAsync(int seconds, ProcessSource source, bool audit)
    {
        var context = new CountingContext();
        using var stop = new CancellationTokenSource();
        var collector = new ProcessCreateCollector(new ProcessCreateOptions { Source = source, Audit = audit });
        var run = collector.RunAsync(context, stop.Token);
        await Task.Delay(1000);
        // Warm up: the agent runs for days, so its steady state is what counts, not the JIT's
        // first compilations of the exec path (a few hundred ms, once).
        _ = Storm.Run(WarmUpSeconds, () => 0, quiet: true);
        var result = Storm.Run(seconds, Storm.OwnCpu, context.CreatedBy, () => context.Incomplete);
        await stop.CancelAsync();
        await run;
        Console.WriteLine($"  joined to audit {collector.Joined}, unjoined {collector.Unjoined}, audit unmatched {collector.Unmatched}, overflows {collector.Overflows}");
        return result;
    }
}
