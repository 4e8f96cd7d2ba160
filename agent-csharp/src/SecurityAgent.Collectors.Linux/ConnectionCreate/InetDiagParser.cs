using System.Buffers.Binary;
using System.Net;

namespace SecurityAgent.Collectors.Linux.ConnectionCreate;

/// <summary>
/// Parses NETLINK_SOCK_DIAG dump replies: SOCK_DIAG_BY_FAMILY messages each holding an
/// inet_diag_msg (family, state, timer, retrans; sport and dport big-endian, src and dst 16 bytes,
/// interface, cookie; expires, rqueue, wqueue, uid, inode), ended by NLMSG_DONE. Little-endian hosts.
/// </summary>
internal static class InetDiagParser
{
    /// <summary>SOCK_DIAG_BY_FAMILY.</summary>
    public const ushort SockDiagByFamily = 20;
    private const ushort Done = 3;
    private const ushort Error = 2;
    private const int MessageLength = 72;

    /// <summary>
    /// Parses the messages of one datagram into <paramref name="sockets"/>; returns true when the
    /// dump is complete (NLMSG_DONE or an error). Truncated or unknown messages are counted.
    /// </summary>
    public static bool Parse(ReadOnlySpan<byte> datagram, List<InetDiagSocket> sockets, ref long malformed)
    {
        var done = false;
        while (datagram.Length >= 16)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
            if (length < 16 || length > datagram.Length)
            {
                malformed++;
                return done;
            }
            if (type is Done or Error)
            {
                done = true;
            }
            else if (type == SockDiagByFamily && length >= 16 + MessageLength)
            {
                var m = datagram.Slice(16, MessageLength);
                var family = m[0];
                var size = family == 2 ? 4 : family == 10 ? 16 : 0;
                if (size == 0)
                {
                    malformed++;
                }
                else
                {
                    sockets.Add(new InetDiagSocket(m[1], new IPAddress(m.Slice(8, size)), BinaryPrimitives.ReadUInt16BigEndian(m[4..]),
                        new IPAddress(m.Slice(24, size)), BinaryPrimitives.ReadUInt16BigEndian(m[6..]),
                        BinaryPrimitives.ReadUInt32LittleEndian(m[64..]), BinaryPrimitives.ReadUInt32LittleEndian(m[68..])));
                }
            }
            else
            {
                malformed++;
            }
            var aligned = (length + 3) & ~3;
            if (aligned >= datagram.Length)
            {
                break;
            }
            datagram = datagram[aligned..];
        }
        if (datagram.Length is > 0 and < 16)
        {
            malformed++;
        }
        return done;
    }

    /// <summary>Writes a dump request for TCP sockets of <paramref name="family"/> in the states of <paramref name="stateMask"/> (72 bytes).</summary>
    public static void WriteRequest(Span<byte> buffer, byte family, uint stateMask, uint seq)
    {
        buffer[..72].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, 72);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[4..], SockDiagByFamily);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[6..], 0x1 | 0x300); // NLM_F_REQUEST | NLM_F_DUMP
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[8..], seq);
        buffer[16] = family;
        buffer[17] = 6; // IPPROTO_TCP
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[20..], stateMask);
    }
}
