using System.Globalization;
using System.Net;

namespace SecurityAgent.Collectors.Linux.Net;

/// <summary>Addresses and ports as the schemas write them.</summary>
internal static class AddressText
{
    /// <summary>IPv4 dotted decimal; IPv6 in RFC 5952 form (lower case, longest zero run compressed, ::ffff:a.b.c.d for mapped).</summary>
    public static string Canonical(IPAddress address)
    {
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }
        return address.ToString().ToLowerInvariant();
    }

    /// <summary>A port as a decimal string.</summary>
    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the address is loopback (127.0.0.0/8, ::1, or ::ffff:127.x.x.x).</summary>
    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4()));
}
