namespace SecurityAgent.Core;

/// <summary>What a tick produced.</summary>
/// <param name="Messages">The messages, in build order.</param>
/// <param name="SnapshotDue">True when the host should run its Periodic collectors now.</param>
public sealed record TickResult(IReadOnlyList<BuiltMessage> Messages, bool SnapshotDue);
