namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>A clock advance: Tick(now). Output: SnapshotDue and the messages built.</summary>
/// <param name="NowMs">Now, milliseconds since the Unix epoch (may be earlier than core time).</param>
internal sealed record TickStep(long NowMs) : Step;
