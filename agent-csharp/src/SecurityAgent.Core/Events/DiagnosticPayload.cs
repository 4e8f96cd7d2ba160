using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>A record of the agent's own log (Triggered). EventType Diagnostic.</summary>
public sealed record DiagnosticPayload : PayloadItem
{
    /// <summary>The severity of the record.</summary>
    public required DiagnosticSeverity Severity { get; init; }

    /// <summary>The log message.</summary>
    public required string Message { get; init; }

    /// <summary>The agent's process id.</summary>
    public required uint ProcessId { get; init; }

    /// <summary>The logging thread id.</summary>
    public required uint ThreadId { get; init; }

    /// <summary>A GUID that ties records together.</summary>
    public string? CorrelationId { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.Diagnostic;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("Severity"u8);
        writer.AsciiString(EnumText.Utf8(Severity));
        writer.PropertyName("Message"u8);
        writer.String(Message, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("ProcessId"u8);
        writer.Number(ProcessId);
        writer.PropertyName("ThreadId"u8);
        writer.Number(ThreadId);
        if (CorrelationId is not null)
        {
            writer.PropertyName("CorrelationId"u8);
            writer.String(CorrelationId, CanonicalJsonWriter.TextLimit);
        }
    }
}
