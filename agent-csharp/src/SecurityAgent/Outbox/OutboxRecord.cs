using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace SecurityAgent.Outbox;

/// <summary>
/// The on-disk form of one message (format version 1, little-endian, one record per file):
/// <code>
/// offset size  field
///      0    4  magic "SAOB"
///      4    2  format version (1)
///      6    1  priority (1 High, 2 Low)
///      7    1  reserved, 0
///      8    8  sequence number
///     16   36  message id, ASCII (a UUID)
///     52    4  payload length in bytes
///     56    4  CRC-32 (IEEE) of bytes 0..55 and of the payload
///     60    n  payload: the message body, UTF-8 JSON
/// </code>
/// Any disagreement (magic, version, length against the file size, checksum) marks the record
/// corrupt; a torn write shows up as a short file or a wrong checksum.
/// </summary>
internal static class OutboxRecord
{
    public const int HeaderSize = 60;
    public const ushort FormatVersion = 1;
    public const int MessageIdLength = 36;
    private const int ChecksumOffset = 56;
    private static ReadOnlySpan<byte> Magic => "SAOB"u8;

    /// <summary>Writes the header and payload of a record into one buffer.</summary>
    public static byte[] Encode(ulong sequence, string messageId, MessagePriority priority, ReadOnlySpan<byte> payload)
    {
        if (messageId.Length != MessageIdLength || !Ascii.IsValid(messageId))
            throw new ArgumentException($"A message id is {MessageIdLength} ASCII characters (a UUID).", nameof(messageId));

        var record = new byte[HeaderSize + payload.Length];
        var header = record.AsSpan(0, HeaderSize);
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], FormatVersion);
        header[6] = (byte)priority;
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], sequence);
        Encoding.ASCII.GetBytes(messageId, header.Slice(16, MessageIdLength));
        BinaryPrimitives.WriteInt32LittleEndian(header[52..], payload.Length);
        payload.CopyTo(record.AsSpan(HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(header[ChecksumOffset..], Checksum(record));
        return record;
    }

    /// <summary>Reads a whole record; false, with the reason, when it is torn or corrupt.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> record, out OutboxEntry? entry, out ReadOnlySpan<byte> payload, out string? problem)
    {
        entry = null;
        payload = default;
        problem = Check(record);
        if (problem is not null)
            return false;

        var sequence = BinaryPrimitives.ReadUInt64LittleEndian(record[8..]);
        var messageId = Encoding.ASCII.GetString(record.Slice(16, MessageIdLength));
        entry = new OutboxEntry(sequence, messageId, (MessagePriority)record[6], record.Length - HeaderSize);
        payload = record[HeaderSize..];
        return true;
    }

    private static string? Check(ReadOnlySpan<byte> record)
    {
        if (record.Length < HeaderSize)
            return $"short record ({record.Length} bytes, header alone is {HeaderSize})";
        if (!record[..4].SequenceEqual(Magic))
            return "not an outbox record (bad magic)";
        var version = BinaryPrimitives.ReadUInt16LittleEndian(record[4..]);
        if (version != FormatVersion)
            return $"unknown format version {version}";
        if (record[6] is not ((byte)MessagePriority.High or (byte)MessagePriority.Low) || record[7] != 0)
            return "bad priority or reserved byte";
        if (!Ascii.IsValid(record.Slice(16, MessageIdLength)))
            return "message id is not ASCII";
        var length = BinaryPrimitives.ReadInt32LittleEndian(record[52..]);
        if (length < 0 || length != record.Length - HeaderSize)
            return $"payload length {length} disagrees with the record's {record.Length - HeaderSize} bytes";
        if (BinaryPrimitives.ReadUInt32LittleEndian(record[ChecksumOffset..]) != Checksum(record))
            return "checksum mismatch";
        return null;
    }

    /// <summary>CRC-32 over the header without its checksum field, then the payload.</summary>
    private static uint Checksum(ReadOnlySpan<byte> record)
    {
        var crc = new Crc32();
        crc.Append(record[..ChecksumOffset]);
        crc.Append(record[HeaderSize..]);
        return crc.GetCurrentHashAsUInt32();
    }
}
