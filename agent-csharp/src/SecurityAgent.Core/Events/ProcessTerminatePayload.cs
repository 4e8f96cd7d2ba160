using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>A process ended (Triggered; Aggregated when aggregation is on). EventType Security.</summary>
public sealed record ProcessTerminatePayload : PayloadItem
{
    /// <summary>The full path of the executable.</summary>
    public required string Executable { get; init; }

    /// <summary>The process id.</summary>
    public required uint ProcessId { get; init; }

    /// <summary>The exit status.</summary>
    public required long ExitStatus { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.ProcessTerminate;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("Executable"u8);
        writer.String(Executable, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("ProcessId"u8);
        writer.Number(ProcessId);
        writer.PropertyName("ExitStatus"u8);
        writer.Number(ExitStatus);
    }
}
