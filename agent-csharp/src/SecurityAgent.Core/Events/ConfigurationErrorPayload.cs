using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>A problem with the twin configuration (Triggered). EventType Operational.</summary>
public sealed record ConfigurationErrorPayload : PayloadItem
{
    /// <summary>The configuration key concerned.</summary>
    public required string ConfigurationName { get; init; }

    /// <summary>The kind of problem.</summary>
    public required ConfigurationErrorType ErrorType { get; init; }

    /// <summary>The value in force for the key.</summary>
    public required string UsedConfiguration { get; init; }

    /// <summary>What is wrong.</summary>
    public required string Message { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.ConfigurationError;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("ConfigurationName"u8);
        writer.String(ConfigurationName, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("ErrorType"u8);
        writer.AsciiString(EnumText.Utf8(ErrorType));
        writer.PropertyName("UsedConfiguration"u8);
        writer.String(UsedConfiguration, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("Message"u8);
        writer.String(Message, CanonicalJsonWriter.TextLimit);
    }
}
