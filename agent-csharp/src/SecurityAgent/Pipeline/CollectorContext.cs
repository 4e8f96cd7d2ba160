using SecurityAgent.Collectors;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Pipeline;

/// <summary>One collector's view of the pipeline: its own place in the snapshot generations.</summary>
internal sealed class CollectorContext(AgentPipeline pipeline, SnapshotSignal snapshots, string collectorName) : ICollectorContext
{
    private long _seenSnapshot;

    public TimeProvider TimeProvider => pipeline.TimeProvider;

    public void Submit(SecurityEvent securityEvent) => pipeline.Submit(securityEvent);

    public void Report(DiagnosticSeverity severity, string message) => pipeline.Report(severity, $"{collectorName}: {message}");

    public async ValueTask WaitForSnapshotAsync(CancellationToken cancellationToken) =>
        _seenSnapshot = await snapshots.WaitNewerThanAsync(_seenSnapshot, cancellationToken).ConfigureAwait(false);
}
