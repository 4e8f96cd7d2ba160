namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>A record of the agent's own log (a candidate Diagnostic event), timestamped at core time.</summary>
/// <param name="Severity">0 Debug, 1 Information, 2 Warning, 3 Error, 4 Fatal.</param>
/// <param name="Message">The text.</param>
/// <param name="ProcessId">The process id.</param>
/// <param name="ThreadId">The thread id.</param>
/// <param name="CorrelationId">An optional lower-case GUID.</param>
internal sealed record SubmitLogStep(int Severity, string Message, uint ProcessId, uint ThreadId, string? CorrelationId) : Step;
