using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>One rule of the FirewallConfiguration snapshot (Periodic). EventType Security.</summary>
public sealed record FirewallConfigurationPayload : PayloadItem
{
    /// <summary>Whether the rule is enabled.</summary>
    public required bool Enabled { get; init; }

    /// <summary>What the rule does.</summary>
    public required FirewallAction Action { get; init; }

    /// <summary>The rule's position in its chain.</summary>
    public uint? Priority { get; init; }

    /// <summary>The direction the rule applies to.</summary>
    public ConnectionDirection? Direction { get; init; }

    /// <summary>The chain name.</summary>
    public string? ChainName { get; init; }

    /// <summary>The application the rule applies to.</summary>
    public string? Application { get; init; }

    /// <summary>The source address or tag.</summary>
    public string? SourceAddress { get; init; }

    /// <summary>The source port.</summary>
    public string? SourcePort { get; init; }

    /// <summary>The destination address or tag.</summary>
    public string? DestinationAddress { get; init; }

    /// <summary>The destination port.</summary>
    public string? DestinationPort { get; init; }

    /// <summary>The protocol keyword.</summary>
    public string? Protocol { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.FirewallConfiguration;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("Enabled"u8);
        writer.Boolean(Enabled);
        writer.PropertyName("Action"u8);
        writer.AsciiString(EnumText.Utf8(Action));
        if (Priority is { } priority)
        {
            writer.PropertyName("Priority"u8);
            writer.Number(priority);
        }
        if (Direction is { } direction)
        {
            writer.PropertyName("Direction"u8);
            writer.AsciiString(EnumText.Utf8(direction));
        }
        if (ChainName is not null)
        {
            writer.PropertyName("ChainName"u8);
            writer.String(ChainName, CanonicalJsonWriter.TextLimit);
        }
        if (Application is not null)
        {
            writer.PropertyName("Application"u8);
            writer.String(Application, CanonicalJsonWriter.TextLimit);
        }
        if (SourceAddress is not null)
        {
            writer.PropertyName("SourceAddress"u8);
            writer.String(SourceAddress, CanonicalJsonWriter.TextLimit);
        }
        if (SourcePort is not null)
        {
            writer.PropertyName("SourcePort"u8);
            writer.String(SourcePort, CanonicalJsonWriter.TextLimit);
        }
        if (DestinationAddress is not null)
        {
            writer.PropertyName("DestinationAddress"u8);
            writer.String(DestinationAddress, CanonicalJsonWriter.TextLimit);
        }
        if (DestinationPort is not null)
        {
            writer.PropertyName("DestinationPort"u8);
            writer.String(DestinationPort, CanonicalJsonWriter.TextLimit);
        }
        if (Protocol is not null)
        {
            writer.PropertyName("Protocol"u8);
            writer.String(Protocol, CanonicalJsonWriter.TextLimit);
        }
    }
}
