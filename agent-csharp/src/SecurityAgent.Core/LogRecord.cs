using SecurityAgent.Core.Events;

namespace SecurityAgent.Core;

/// <summary>A record of the agent's own log, a candidate Diagnostic event.</summary>
/// <param name="TimestampUtc">When it was logged.</param>
/// <param name="Severity">Its severity.</param>
/// <param name="Message">The text.</param>
/// <param name="ProcessId">The agent's process id.</param>
/// <param name="ThreadId">The logging thread's id.</param>
/// <param name="CorrelationId">An optional lower-case GUID tying records together.</param>
public sealed record LogRecord(DateTimeOffset TimestampUtc, DiagnosticSeverity Severity, string Message, uint ProcessId, uint ThreadId, string? CorrelationId = null);
