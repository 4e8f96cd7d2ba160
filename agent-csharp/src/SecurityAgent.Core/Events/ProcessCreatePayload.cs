using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>A process was started (Triggered; Aggregated when aggregation is on). EventType Security.</summary>
public sealed record ProcessCreatePayload : PayloadItem
{
    /// <summary>The full path of the executable.</summary>
    public required string Executable { get; init; }

    /// <summary>The process id.</summary>
    public required uint ProcessId { get; init; }

    /// <summary>The parent process id.</summary>
    public required uint ParentProcessId { get; init; }

    /// <summary>The user id: a Linux uid or a Windows SID.</summary>
    public required string UserId { get; init; }

    /// <summary>The command line: executable and arguments joined by spaces.</summary>
    public required string CommandLine { get; init; }

    /// <summary>The user name, when known.</summary>
    public string? UserName { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.ProcessCreate;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("Executable"u8);
        writer.String(Executable, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("ProcessId"u8);
        writer.Number(ProcessId);
        writer.PropertyName("ParentProcessId"u8);
        writer.Number(ParentProcessId);
        writer.PropertyName("UserId"u8);
        writer.String(UserId, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("CommandLine"u8);
        writer.String(CommandLine, CanonicalJsonWriter.CommandLineLimit);
        if (UserName is not null)
        {
            writer.PropertyName("UserName"u8);
            writer.String(UserName, CanonicalJsonWriter.TextLimit);
        }
    }
}
