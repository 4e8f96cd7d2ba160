namespace SecurityAgent.Outbox;

/// <summary>How an append ended.</summary>
public enum OutboxAppendStatus
{
    /// <summary>The message is on disk (and synced) and in <see cref="Outbox.Pending"/>.</summary>
    Stored,

    /// <summary>The message is larger than the whole outbox budget; nothing was written or evicted.</summary>
    TooLarge,

    /// <summary>The write failed (a full disk, an I/O error); nothing of it is left on disk.</summary>
    WriteFailed,
}
