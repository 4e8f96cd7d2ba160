using System.Globalization;

namespace SecurityAgent.Collectors.Linux.FirewallConfiguration;

/// <summary>Ports as the schema writes them: "22", "1000-2000", "22,80,1000-2000".</summary>
internal static class PortText
{
    /// <summary>
    /// Normalizes a port, a range (a:b as iptables writes it, or a-b) or a comma list of them;
    /// false for anything else (service names, text).
    /// </summary>
    public static bool TryNormalize(string text, out string ports)
    {
        ports = string.Empty;
        var parts = text.Split(',');
        var normalized = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            var bounds = part.Split(':', '-');
            if (bounds.Length > 2)
            {
                return false;
            }
            var numbers = new List<string>(2);
            foreach (var bound in bounds)
            {
                if (!ushort.TryParse(bound, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    return false;
                }
                numbers.Add(port.ToString(CultureInfo.InvariantCulture));
            }
            normalized.Add(string.Join('-', numbers));
        }
        ports = string.Join(',', normalized);
        return ports.Length > 0;
    }
}
