namespace SecurityAgent.Outbox;

/// <summary>The priority a message was built for; decides which messages the outbox evicts first.</summary>
public enum MessagePriority : byte
{
    /// <summary>A message built for the high-priority schedule; evicted only when no Low message is left.</summary>
    High = 1,

    /// <summary>A message built for the low-priority schedule; the first to go when the outbox is full.</summary>
    Low = 2,
}
