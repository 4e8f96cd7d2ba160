using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace SecurityAgent.Collectors.Linux.ListeningPorts;

/// <summary>
/// Parses the socket tables of /proc/net. Addresses are hexadecimal words in host (little-endian)
/// order, ports are big-endian hexadecimal; a malformed row is skipped and counted.
/// </summary>
internal static class ProcNetParser
{
    /// <summary>Parses a whole table (the first line is the header).</summary>
    public static List<ProcNetRow> Parse(string text, out int malformed)
    {
        var rows = new List<ProcNetRow>();
        malformed = 0;
        var first = true;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (first)
            {
                first = false;
                continue;
            }
            if (line.IsWhiteSpace())
            {
                continue;
            }
            if (TryParseRow(line.ToString(), out var row))
            {
                rows.Add(row);
            }
            else
            {
                malformed++;
            }
        }
        return rows;
    }

    /// <summary>Parses one data row.</summary>
    public static bool TryParseRow(string line, out ProcNetRow row)
    {
        row = null!;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 10
            || !TryParseEndpoint(fields[1], out var local, out var localPort)
            || !TryParseEndpoint(fields[2], out var remote, out var remotePort)
            || !int.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var state)
            || !ulong.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
        {
            return false;
        }
        row = new ProcNetRow(local, localPort, remote, remotePort, state, inode);
        return true;
    }

    /// <summary>Parses "0100007F:0016" (IPv4) or a 32-digit IPv6 form with its port.</summary>
    public static bool TryParseEndpoint(string text, out IPAddress address, out int port)
    {
        address = IPAddress.None;
        port = 0;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon is not (8 or 32) || text.Length != colon + 5
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out port))
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[16];
        var words = colon / 8;
        for (var i = 0; i < words; i++)
        {
            if (!uint.TryParse(text.AsSpan(i * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var word))
            {
                return false;
            }
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[(i * 4)..], word);
        }
        address = new IPAddress(bytes[..(words * 4)]);
        return true;
    }
}
