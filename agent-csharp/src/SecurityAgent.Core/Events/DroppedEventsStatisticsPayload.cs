using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>Collected and dropped events of one queue since the previous report (Periodic). EventType Operational.</summary>
public sealed record DroppedEventsStatisticsPayload : PayloadItem
{
    /// <summary>The queue.</summary>
    public required QueueName Queue { get; init; }

    /// <summary>Events offered to the queue.</summary>
    public required long CollectedEvents { get; init; }

    /// <summary>Events the queue dropped or evicted.</summary>
    public required long DroppedEvents { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.DroppedEventsStatistics;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("Queue"u8);
        writer.AsciiString(EnumText.Utf8(Queue));
        writer.PropertyName("CollectedEvents"u8);
        writer.Number(CollectedEvents);
        writer.PropertyName("DroppedEvents"u8);
        writer.Number(DroppedEvents);
    }
}
