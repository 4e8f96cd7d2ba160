using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>The agent is alive (Periodic). EventType Operational.</summary>
public sealed record HeartbeatPayload : PayloadItem
{
    /// <summary>Whole seconds since the core started.</summary>
    public required long UptimeInSeconds { get; init; }

    /// <summary>Whether the host is connected to the hub.</summary>
    public required ConnectionState ConnectionState { get; init; }

    /// <summary>Events waiting in the queues.</summary>
    public required long QueuedEvents { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.Heartbeat;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("UptimeInSeconds"u8);
        writer.Number(UptimeInSeconds);
        writer.PropertyName("ConnectionState"u8);
        writer.AsciiString(EnumText.Utf8(ConnectionState));
        writer.PropertyName("QueuedEvents"u8);
        writer.Number(QueuedEvents);
    }
}
