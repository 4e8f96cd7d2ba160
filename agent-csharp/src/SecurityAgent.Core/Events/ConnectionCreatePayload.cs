using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>A network connection was made or accepted (Triggered; Aggregated when aggregation is on). EventType Security.</summary>
public sealed record ConnectionCreatePayload : PayloadItem
{
    /// <summary>The remote IP address.</summary>
    public required string RemoteAddress { get; init; }

    /// <summary>The remote port, as a string.</summary>
    public required string RemotePort { get; init; }

    /// <summary>In for accepted, Out for initiated connections.</summary>
    public required ConnectionDirection Direction { get; init; }

    /// <summary>The protocol keyword in lower case (tcp, udp, ...).</summary>
    public required string Protocol { get; init; }

    /// <summary>The process id.</summary>
    public required uint ProcessId { get; init; }

    /// <summary>The full path of the executable.</summary>
    public required string Executable { get; init; }

    /// <summary>The local IP address.</summary>
    public string? LocalAddress { get; init; }

    /// <summary>The local port, as a string.</summary>
    public string? LocalPort { get; init; }

    /// <summary>The user id.</summary>
    public string? UserId { get; init; }

    /// <summary>The command line.</summary>
    public string? CommandLine { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.ConnectionCreate;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("RemoteAddress"u8);
        writer.String(RemoteAddress, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("RemotePort"u8);
        writer.String(RemotePort, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("Direction"u8);
        writer.AsciiString(EnumText.Utf8(Direction));
        writer.PropertyName("Protocol"u8);
        writer.String(Protocol, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("ProcessId"u8);
        writer.Number(ProcessId);
        writer.PropertyName("Executable"u8);
        writer.String(Executable, CanonicalJsonWriter.TextLimit);
        if (LocalAddress is not null)
        {
            writer.PropertyName("LocalAddress"u8);
            writer.String(LocalAddress, CanonicalJsonWriter.TextLimit);
        }
        if (LocalPort is not null)
        {
            writer.PropertyName("LocalPort"u8);
            writer.String(LocalPort, CanonicalJsonWriter.TextLimit);
        }
        if (UserId is not null)
        {
            writer.PropertyName("UserId"u8);
            writer.String(UserId, CanonicalJsonWriter.TextLimit);
        }
        if (CommandLine is not null)
        {
            writer.PropertyName("CommandLine"u8);
            writer.String(CommandLine, CanonicalJsonWriter.CommandLineLimit);
        }
    }
}
