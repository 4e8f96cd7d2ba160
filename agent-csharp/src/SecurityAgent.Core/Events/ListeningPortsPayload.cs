using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>One socket of the ListeningPorts snapshot (Periodic). EventType Security.</summary>
public sealed record ListeningPortsPayload : PayloadItem
{
    /// <summary>The local port.</summary>
    public required string LocalPort { get; init; }

    /// <summary>The socket table: tcp, tcp6, udp, udp6, raw, raw6.</summary>
    public required string Protocol { get; init; }

    /// <summary>The local IP address.</summary>
    public string? LocalAddress { get; init; }

    /// <summary>The remote IP address.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>The remote port.</summary>
    public string? RemotePort { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.ListeningPorts;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("LocalPort"u8);
        writer.String(LocalPort, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("Protocol"u8);
        writer.String(Protocol, CanonicalJsonWriter.TextLimit);
        if (LocalAddress is not null)
        {
            writer.PropertyName("LocalAddress"u8);
            writer.String(LocalAddress, CanonicalJsonWriter.TextLimit);
        }
        if (RemoteAddress is not null)
        {
            writer.PropertyName("RemoteAddress"u8);
            writer.String(RemoteAddress, CanonicalJsonWriter.TextLimit);
        }
        if (RemotePort is not null)
        {
            writer.PropertyName("RemotePort"u8);
            writer.String(RemotePort, CanonicalJsonWriter.TextLimit);
        }
    }
}
