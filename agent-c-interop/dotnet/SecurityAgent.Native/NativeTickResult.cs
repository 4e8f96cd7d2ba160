namespace SecurityAgent.Native;

/// <summary>What a tick left for the host.</summary>
/// <param name="MessagesReady">Messages waiting to be taken.</param>
/// <param name="SnapshotDue">Whether the host should run its Periodic collectors now.</param>
public readonly record struct NativeTickResult(int MessagesReady, bool SnapshotDue);
