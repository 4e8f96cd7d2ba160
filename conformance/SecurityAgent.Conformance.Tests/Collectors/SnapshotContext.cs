using SecurityAgent.Collectors;
using SecurityAgent.Core;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Conformance.Tests.Collectors;

/// <summary>
/// The host of one C# collector run for the conformance tests: the first snapshot is due at once,
/// what the collector submits goes to the C# core, and the run ends after the first submission
/// or report (a failed snapshot).
/// </summary>
internal sealed class SnapshotContext(AgentCore core, TimeProvider timeProvider, CancellationTokenSource done) : ICollectorContext
{
    private int _snapshots;

    public TimeProvider TimeProvider => timeProvider;

    public List<string> Reports { get; } = [];

    public void Submit(SecurityEvent securityEvent)
    {
        core.SubmitEvent(securityEvent);
        done.Cancel();
    }

    public void Report(DiagnosticSeverity severity, string message)
    {
        Reports.Add(message);
        done.Cancel();
    }

    public ValueTask WaitForSnapshotAsync(CancellationToken cancellationToken) =>
        _snapshots++ == 0 ? ValueTask.CompletedTask : new ValueTask(Task.Delay(Timeout.Infinite, cancellationToken));
}
