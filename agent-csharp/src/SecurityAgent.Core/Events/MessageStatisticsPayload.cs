using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>Messages built since the previous report (Periodic). EventType Operational.</summary>
public sealed record MessageStatisticsPayload : PayloadItem
{
    /// <summary>Messages built.</summary>
    public required long MessagesSent { get; init; }

    /// <summary>Messages whose body is under 4096 bytes.</summary>
    public required long MessagesUnder4KB { get; init; }

    /// <summary>Sends the host reported as failed.</summary>
    public required long TotalFailed { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.MessageStatistics;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("MessagesSent"u8);
        writer.Number(MessagesSent);
        writer.PropertyName("MessagesUnder4KB"u8);
        writer.Number(MessagesUnder4KB);
        writer.PropertyName("TotalFailed"u8);
        writer.Number(TotalFailed);
    }
}
