namespace SecurityAgent.Outbox;

/// <summary>The outcome of <see cref="Outbox.Append"/>: expected failures are values, not exceptions.</summary>
/// <param name="Status">Whether the message was stored.</param>
/// <param name="Entry">The stored entry, when <paramref name="Status"/> is <see cref="OutboxAppendStatus.Stored"/>.</param>
/// <param name="Evicted">The older messages removed to make room, oldest Low first.</param>
/// <param name="Error">Why the append failed, for the log.</param>
public sealed record OutboxAppendResult(
    OutboxAppendStatus Status,
    OutboxEntry? Entry,
    IReadOnlyList<OutboxEntry> Evicted,
    string? Error = null);
