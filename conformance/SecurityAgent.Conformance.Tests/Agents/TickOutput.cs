namespace SecurityAgent.Conformance.Tests.Agents;

/// <summary>What one tick produced.</summary>
/// <param name="SnapshotDue">Whether the host should run its Periodic collectors.</param>
/// <param name="Messages">The messages, in build order.</param>
internal sealed record TickOutput(bool SnapshotDue, IReadOnlyList<AgentMessage> Messages);
