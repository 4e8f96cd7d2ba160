using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors;

/// <summary>What the host gives a running collector.</summary>
/// <remarks>Every member is thread-safe: collectors run concurrently.</remarks>
public interface ICollectorContext
{
    /// <summary>The clock for event timestamps.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Hands one raw event to the core (through the router).</summary>
    void Submit(SecurityEvent securityEvent);

    /// <summary>Logs a line of the agent's own log; Warning and above may become Diagnostic events.</summary>
    void Report(DiagnosticSeverity severity, string message);

    /// <summary>Completes when the next snapshot is due (the first one at start).</summary>
    ValueTask WaitForSnapshotAsync(CancellationToken cancellationToken);
}
