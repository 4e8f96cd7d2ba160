using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>One failed check of the OSBaseline snapshot (Periodic). EventType Security.</summary>
public sealed record OSBaselinePayload : PayloadItem
{
    /// <summary>What the check verifies.</summary>
    public required string Description { get; init; }

    /// <summary>The CCE id of the check.</summary>
    public required string CceId { get; init; }

    /// <summary>The outcome.</summary>
    public required BaselineResult Result { get; init; }

    /// <summary>The error text, empty when none.</summary>
    public required string Error { get; init; }

    /// <summary>The severity of the check.</summary>
    public required BaselineSeverity Severity { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.OSBaseline;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("Description"u8);
        writer.String(Description, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("CceId"u8);
        writer.String(CceId, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("Result"u8);
        writer.AsciiString(EnumText.Utf8(Result));
        writer.PropertyName("Error"u8);
        writer.String(Error, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("Severity"u8);
        writer.AsciiString(EnumText.Utf8(Severity));
    }
}
