using SecurityAgent.Core.Events;
using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Messages;

/// <summary>
/// Serializes events to canonical JSON with a placeholder id, member order per CANONICAL.md:
/// EventType, Category, Name, IsEmpty, PayloadSchemaVersion, Id, TimestampLocal, TimestampUTC, Payload.
/// </summary>
/// <remarks>Not thread-safe: it reuses one writer.</remarks>
internal sealed class EventSerializer(TimeSpan utcOffset)
{
    /// <summary>The length of an id in characters.</summary>
    public const int IdLength = 36;

    private static ReadOnlySpan<byte> PlaceholderId => "00000000-0000-0000-0000-000000000000"u8;

    private readonly CanonicalJsonWriter _writer = new(8192);

    /// <summary>The UTC offset of TimestampLocal.</summary>
    public TimeSpan UtcOffset { get; } = utcOffset;

    /// <summary>Serializes items [start, start + count) of the event as one event.</summary>
    public SerializedEvent Serialize(SecurityEvent e, int start, int count, long hits = 1)
    {
        _writer.Reset();
        var idOffset = WriteEvent(_writer, e, start, count, forceNonEmpty: false);
        return new SerializedEvent(_writer.ToArray(), idOffset, hits);
    }

    /// <summary>Serializes the whole event.</summary>
    public SerializedEvent Serialize(SecurityEvent e, long hits = 1) => Serialize(e, 0, e.Payload.Count, hits);

    /// <summary>The size of the event with a non-empty payload, not counting its items and the commas between them.</summary>
    public int FrameSize(SecurityEvent e)
    {
        _writer.Reset();
        WriteEvent(_writer, e, 0, 0, forceNonEmpty: true);
        return _writer.Position;
    }

    /// <summary>The size of one payload item.</summary>
    public int ItemSize(PayloadItem item)
    {
        _writer.Reset();
        WriteItem(_writer, item);
        return _writer.Position;
    }

    private int WriteEvent(CanonicalJsonWriter w, SecurityEvent e, int start, int count, bool forceNonEmpty)
    {
        w.StartObject();
        w.PropertyName("EventType"u8);
        w.AsciiString(EnumText.Utf8(e.EventType));
        w.PropertyName("Category"u8);
        w.AsciiString(EnumText.Utf8(e.Category));
        w.PropertyName("Name"u8);
        w.AsciiString(EnumText.Utf8(e.Name));
        w.PropertyName("IsEmpty"u8);
        w.Boolean(count == 0 && !forceNonEmpty);
        w.PropertyName("PayloadSchemaVersion"u8);
        w.AsciiString("1.0"u8);
        w.PropertyName("Id"u8);
        var idOffset = w.Position + 1;
        w.AsciiString(PlaceholderId);
        w.PropertyName("TimestampLocal"u8);
        w.TimestampLocal(e.TimestampUtc, UtcOffset);
        w.PropertyName("TimestampUTC"u8);
        w.TimestampUtc(e.TimestampUtc);
        w.PropertyName("Payload"u8);
        w.StartArray();
        for (var i = start; i < start + count; i++)
        {
            WriteItem(w, e.Payload[i]);
        }

        w.EndArray();
        w.EndObject();
        return idOffset;
    }

    private static void WriteItem(CanonicalJsonWriter w, PayloadItem item)
    {
        w.StartObject();
        item.WriteMembers(w);
        if (item.ExtraDetails is { Count: > 0 } details)
        {
            ExtraDetailsWriter.Write(w, details);
        }

        w.EndObject();
    }
}
