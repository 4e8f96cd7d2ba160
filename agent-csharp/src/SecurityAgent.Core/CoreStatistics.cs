namespace SecurityAgent.Core;

/// <summary>The core's cumulative counters.</summary>
/// <param name="High">The High queue.</param>
/// <param name="Low">The Low queue.</param>
/// <param name="Operational">The Operational queue.</param>
/// <param name="RawEvents">Events submitted (SubmitEvent) and log records that passed the severity filter.</param>
/// <param name="RouterDroppedEvents">Events dropped because their priority was Off.</param>
/// <param name="PendingAggregatedEvents">Raw events held by the aggregators.</param>
/// <param name="MessagesSent">Messages built.</param>
public sealed record CoreStatistics(
    QueueStatistics High,
    QueueStatistics Low,
    QueueStatistics Operational,
    long RawEvents,
    long RouterDroppedEvents,
    long PendingAggregatedEvents,
    long MessagesSent);
