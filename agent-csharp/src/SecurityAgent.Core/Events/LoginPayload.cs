using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>A login attempt (Triggered). EventType Security.</summary>
public sealed record LoginPayload : PayloadItem
{
    /// <summary>The process id.</summary>
    public required uint ProcessId { get; init; }

    /// <summary>The login operation.</summary>
    public required string Operation { get; init; }

    /// <summary>The full path of the executable.</summary>
    public required string Executable { get; init; }

    /// <summary>Success or failure.</summary>
    public required LoginResult Result { get; init; }

    /// <summary>The user id (UserId or UserName must be given).</summary>
    public string? UserId { get; init; }

    /// <summary>The user name (UserId or UserName must be given).</summary>
    public string? UserName { get; init; }

    /// <summary>The remote IP address.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>The remote port.</summary>
    public string? RemotePort { get; init; }

    /// <summary>The local port.</summary>
    public string? LocalPort { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.Login;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("ProcessId"u8);
        writer.Number(ProcessId);
        writer.PropertyName("Operation"u8);
        writer.String(Operation, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("Executable"u8);
        writer.String(Executable, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("Result"u8);
        writer.AsciiString(EnumText.Utf8(Result));
        if (UserId is not null)
        {
            writer.PropertyName("UserId"u8);
            writer.String(UserId, CanonicalJsonWriter.TextLimit);
        }
        if (UserName is not null)
        {
            writer.PropertyName("UserName"u8);
            writer.String(UserName, CanonicalJsonWriter.TextLimit);
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
        if (LocalPort is not null)
        {
            writer.PropertyName("LocalPort"u8);
            writer.String(LocalPort, CanonicalJsonWriter.TextLimit);
        }
    }
}
