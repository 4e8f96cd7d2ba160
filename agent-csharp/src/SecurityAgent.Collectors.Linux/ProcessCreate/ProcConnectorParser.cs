using System.Buffers.Binary;

namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>
/// Parses proc connector datagrams: netlink header (16 bytes), cn_msg (20 bytes), proc_event
/// (what, cpu, timestamp; then the per-kind union). Little-endian hosts only, as the kernel writes
/// host order.
/// </summary>
internal static class ProcConnectorParser
{
    private const int NetlinkHeader = 16;
    private const int ConnectorHeader = 20;
    private const int EventHeader = 16;
    private const int EventOffset = NetlinkHeader + ConnectorHeader;
    private const int UnionOffset = EventOffset + EventHeader;

    /// <summary>The size of the listen request.</summary>
    public const int ListenRequestLength = NetlinkHeader + ConnectorHeader + 4;

    /// <summary>
    /// Parses every netlink message in <paramref name="datagram"/> (the kernel sends one per
    /// datagram, but a recorded stream may hold several) and returns the events of the kinds it
    /// knows; malformed or truncated messages are counted in <paramref name="malformed"/>.
    /// </summary>
    public static int Parse(ReadOnlySpan<byte> datagram, List<ProcEvent> events, ref long malformed)
    {
        var count = 0;
        while (datagram.Length >= NetlinkHeader)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            if (length < NetlinkHeader || length > datagram.Length)
            {
                malformed++;
                return count;
            }
            if (TryParseOne(datagram[..(int)length], out var e))
            {
                if (e.Kind != ProcEventKind.None)
                {
                    events.Add(e);
                    count++;
                }
            }
            else
            {
                malformed++;
            }
            var aligned = (int)((length + 3) & ~3u);
            if (aligned >= datagram.Length)
            {
                break;
            }
            datagram = datagram[aligned..];
        }
        if (datagram.Length is > 0 and < NetlinkHeader)
        {
            malformed++;
        }
        return count;
    }

    /// <summary>Parses one netlink message holding one proc event.</summary>
    /// <returns>False if it is truncated or not a proc connector message; true with Kind None for kinds not used.</returns>
    public static bool TryParseOne(ReadOnlySpan<byte> message, out ProcEvent procEvent)
    {
        procEvent = default;
        if (message.Length < UnionOffset)
        {
            return false;
        }
        var index = BinaryPrimitives.ReadUInt32LittleEndian(message[NetlinkHeader..]);
        var dataLength = BinaryPrimitives.ReadUInt16LittleEndian(message[(NetlinkHeader + 16)..]);
        if (index != 1 || dataLength < EventHeader || EventOffset + dataLength > message.Length)
        {
            return false;
        }
        var what = BinaryPrimitives.ReadUInt32LittleEndian(message[EventOffset..]);
        var body = message[UnionOffset..(EventOffset + dataLength)];
        switch ((ProcEventKind)what)
        {
            case ProcEventKind.Fork when body.Length >= 16:
                procEvent = new ProcEvent(ProcEventKind.Fork, U32(body, 8), U32(body, 12), U32(body, 4), 0);
                return true;
            case ProcEventKind.Exec when body.Length >= 8:
                procEvent = new ProcEvent(ProcEventKind.Exec, U32(body, 0), U32(body, 4), 0, 0);
                return true;
            case ProcEventKind.Exit when body.Length >= 16:
                var parent = body.Length >= 24 ? U32(body, 20) : 0;
                procEvent = new ProcEvent(ProcEventKind.Exit, U32(body, 0), U32(body, 4), parent, U32(body, 8));
                return true;
            case ProcEventKind.Fork or ProcEventKind.Exec or ProcEventKind.Exit:
                return false;
            default:
                return true;
        }
    }

    /// <summary>Writes the PROC_CN_MCAST_LISTEN (or IGNORE) request.</summary>
    public static void WriteListenRequest(Span<byte> buffer, bool listen, uint portId)
    {
        buffer[..ListenRequestLength].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, ListenRequestLength);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[4..], 3); // NLMSG_DONE
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[12..], portId);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[16..], 1); // CN_IDX_PROC
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[20..], 1); // CN_VAL_PROC
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[32..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[36..], listen ? 1u : 2u);
    }

    private static uint U32(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);
}
