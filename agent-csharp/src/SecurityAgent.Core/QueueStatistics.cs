namespace SecurityAgent.Core;

/// <summary>The cumulative counters of one queue: <c>Collected = Sent + Dropped + Queued</c>.</summary>
/// <param name="CollectedEvents">Events offered to the queue.</param>
/// <param name="DroppedEvents">Events dropped on arrival or evicted.</param>
/// <param name="SentEvents">Events taken into messages.</param>
/// <param name="QueuedEvents">Events waiting.</param>
/// <param name="QueuedBytes">Bytes waiting.</param>
public sealed record QueueStatistics(long CollectedEvents, long DroppedEvents, long SentEvents, long QueuedEvents, long QueuedBytes);
