using System.Buffers.Binary;
using System.Net;

namespace SecurityAgent.Collectors.Linux.ConnectionCreate;

/// <summary>Decodes the hexadecimal sockaddr of an audit SOCKADDR record (AF_INET and AF_INET6 only).</summary>
internal static class SocketAddress
{
    /// <summary>Decodes <paramref name="hex"/>; false for other families, odd or truncated text.</summary>
    public static bool TryDecode(string hex, out IPAddress address, out int port)
    {
        address = IPAddress.None;
        port = 0;
        if (hex.Length < 4 || hex.Length % 2 != 0 || !IsHex(hex))
        {
            return false;
        }
        var bytes = Convert.FromHexString(hex);
        var family = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        switch (family)
        {
            case 2 when bytes.Length >= 8:
                port = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2));
                address = new IPAddress(bytes.AsSpan(4, 4));
                return true;
            case 10 when bytes.Length >= 24:
                port = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2));
                address = new IPAddress(bytes.AsSpan(8, 16));
                return true;
            default:
                return false;
        }
    }

    private static bool IsHex(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
