using Microsoft.Extensions.Logging;
using SecurityAgent.Collectors;

namespace SecurityAgent.Pipeline;

/// <summary>
/// Runs every collector on its own task. A collector that fails is logged (and so becomes a
/// Diagnostic event) and stays stopped; the others carry on.
/// </summary>
internal sealed partial class CollectorRunner(AgentPipeline pipeline, IReadOnlyList<ICollector> collectors, ILogger logger)
{
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(collectors.Select(c => RunOneAsync(c, cancellationToken)));

    private async Task RunOneAsync(ICollector collector, CancellationToken cancellationToken)
    {
        var context = new CollectorContext(pipeline, pipeline.Snapshots, collector.Name);
        LogStarted(logger, collector.Name);
        try
        {
            await Task.Run(() => collector.RunAsync(context, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
#pragma warning disable CA1031 // One collector's failure must not stop the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, collector.Name, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Collector {Name} started")]
    private static partial void LogStarted(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Collector {Name} stopped: {Reason}")]
    private static partial void LogFailed(ILogger logger, string name, string reason);
}
