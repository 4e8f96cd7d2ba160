namespace SecurityAgent.Outbox;

/// <summary>What the outbox holds and what it lost since it was opened.</summary>
/// <param name="PendingMessages">Messages on disk waiting for their PUBACK.</param>
/// <param name="PendingBytes">Their message bytes (record headers not counted).</param>
/// <param name="EvictedHigh">High-priority messages removed to make room.</param>
/// <param name="EvictedLow">Low-priority messages removed to make room.</param>
/// <param name="CorruptRecords">Records found torn or corrupt (bad header, size or checksum) and removed.</param>
/// <param name="WriteFailures">Appends that could not be written (full disk, I/O error).</param>
public sealed record OutboxStatistics(
    int PendingMessages,
    long PendingBytes,
    long EvictedHigh,
    long EvictedLow,
    long CorruptRecords,
    long WriteFailures);
