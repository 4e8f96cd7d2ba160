using SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>The storm with the agent's ProcessCreateCollector listening in this process.</summary>
internal static class AgentRun
{
    public static async Task<StormResult> MeasureAsync(int seconds, ProcessSource source)
    {
        var context = new CountingContext();
        using var stop = new CancellationTokenSource();
        var collector = new ProcessCreateCollector(new ProcessCreateOptions { Source = source });
        var run = collector.RunAsync(context, stop.Token);
        await Task.Delay(1000);
        var result = Storm.Run(seconds, Storm.OwnCpu, context.CreatedBy, () => context.Incomplete);
        await stop.CancelAsync();
        await run;
        if (collector.Overflows != 0)
        {
            Console.Error.WriteLine($"overflows: {collector.Overflows}");
        }
        return result;
    }
}
