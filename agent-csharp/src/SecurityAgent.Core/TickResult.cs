namespace SecurityAgent.Core;

/// <summary>What a tick produced.</summary>
/// <param name="Messages">The message bodies (canonical UTF-8 JSON), in build order.</param>
/// <param name="SnapshotDue">True when the host should run its Periodic collectors now.</param>
public sealed record TickResult(IReadOnlyList<byte[]> Messages, bool SnapshotDue);
