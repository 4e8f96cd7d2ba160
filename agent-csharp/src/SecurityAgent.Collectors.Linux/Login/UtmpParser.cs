using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace SecurityAgent.Collectors.Linux.Login;

/// <summary>
/// Parses the login accounting files (wtmp, btmp): fixed 384-byte struct utmp records as glibc
/// writes them on x86-64, i386 and the other Linux ABIs that keep 32-bit time fields on disk
/// (ut_type at 0, ut_pid 4, ut_line[32] 8, ut_id[4] 40, ut_user[32] 44, ut_host[256] 76,
/// ut_exit 332, ut_session 336, ut_tv (32-bit seconds, microseconds) 340, ut_addr_v6[4] 348,
/// reserved to 384). Little-endian hosts only.
/// </summary>
internal static class UtmpParser
{
    /// <summary>The size of one record.</summary>
    public const int RecordLength = 384;

    /// <summary>The highest ut_type defined (ACCOUNTING).</summary>
    private const int MaxType = 9;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// Parses the whole records in <paramref name="data"/>; a record with an unknown type is
    /// skipped and counted in <paramref name="malformed"/>. Returns the bytes consumed (a multiple
    /// of <see cref="RecordLength"/>); the rest is a partial record.
    /// </summary>
    public static int Parse(ReadOnlySpan<byte> data, List<UtmpRecord> records, ref long malformed)
    {
        var consumed = 0;
        while (data.Length - consumed >= RecordLength)
        {
            var r = data.Slice(consumed, RecordLength);
            consumed += RecordLength;
            var type = BinaryPrimitives.ReadInt16LittleEndian(r);
            if (type is < 0 or > MaxType)
            {
                malformed++;
                continue;
            }
            var seconds = BinaryPrimitives.ReadInt32LittleEndian(r[340..]);
            var micros = BinaryPrimitives.ReadInt32LittleEndian(r[344..]);
            records.Add(new UtmpRecord(
                type,
                BinaryPrimitives.ReadUInt32LittleEndian(r[4..]),
                Text(r.Slice(8, 32)),
                Text(r.Slice(44, 32)),
                Text(r.Slice(76, 256)),
                Address(r.Slice(348, 16)),
                DateTimeOffset.FromUnixTimeSeconds((uint)seconds).AddTicks(Math.Clamp(micros, 0, 999_999) * 10L)));
        }
        return consumed;
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Utf8.GetString(end < 0 ? field : field[..end]);
    }

    private static IPAddress? Address(ReadOnlySpan<byte> field)
    {
        if (!field.ContainsAnyExcept((byte)0))
        {
            return null;
        }
        // glibc stores an IPv4 address in the first word and leaves the other three zero.
        return field[4..].ContainsAnyExcept((byte)0) ? new IPAddress(field) : new IPAddress(field[..4]);
    }
}
