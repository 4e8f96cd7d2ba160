using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecurityAgent.IotHub.Authentication;

namespace SecurityAgent.LocalHub.Authentication;

/// <summary>
/// Checks SAS tokens as IoT Hub does: the signature over the <c>sr</c> exactly as received plus
/// <c>\n</c> plus <c>se</c>; expired when <c>se</c> plus five minutes of clock skew is past; and the
/// decoded <c>sr</c> must be a per-segment prefix of the resource being accessed.
/// </summary>
internal static class SasTokenValidator
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Validates a token; returns <see langword="null"/> when valid, else the reason.</summary>
    public static string? Validate(string? token, string resource, IEnumerable<string?> keys, string? requiredPolicy, DateTimeOffset now)
    {
        if (!TryParse(token, out var fields))
        {
            return "not a SharedAccessSignature token";
        }

        if (!fields.TryGetValue("sr", out var srRaw) || !fields.TryGetValue("sig", out var sigRaw) || !fields.TryGetValue("se", out var seRaw))
        {
            return "token lacks sr, sig or se";
        }

        fields.TryGetValue("skn", out var policy);
        if (!string.Equals(policy, requiredPolicy, StringComparison.Ordinal))
        {
            return requiredPolicy is null ? "policy tokens are not accepted here" : $"token is not signed with policy '{requiredPolicy}'";
        }

        if (!long.TryParse(seRaw, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return "se is not a number";
        }

        if (DateTimeOffset.FromUnixTimeSeconds(Math.Min(expiry, 253402300799)) + ClockSkew < now)
        {
            return "token expired";
        }

        if (!CoversResource(Uri.UnescapeDataString(srRaw), resource))
        {
            return "token audience (sr) does not cover this identity";
        }

        var presented = Encoding.ASCII.GetBytes(Uri.UnescapeDataString(sigRaw));
        foreach (var key in keys)
        {
            if (key is null)
            {
                continue;
            }

            var expected = Encoding.ASCII.GetBytes(SharedAccessSignature.ComputeSignature(key, srRaw, seRaw));
            if (CryptographicOperations.FixedTimeEquals(expected, presented))
            {
                return null;
            }
        }

        return "signature does not match";
    }

    /// <summary>Per-segment, case-insensitive prefix: <c>h/devices/a</c> covers <c>h/devices/a/modules/m</c> but not <c>h/devices/ab</c>.</summary>
    public static bool CoversResource(string audience, string resource)
    {
        audience = audience.TrimEnd('/');
        return resource.Equals(audience, StringComparison.OrdinalIgnoreCase)
            || (resource.StartsWith(audience, StringComparison.OrdinalIgnoreCase) && resource.Length > audience.Length && resource[audience.Length] == '/');
    }

    private static bool TryParse(string? token, out Dictionary<string, string> fields)
    {
        fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (token is null || !token.StartsWith(SharedAccessSignature.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var part in token[SharedAccessSignature.Prefix.Length..].Split('&'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !fields.TryAdd(part[..equals], part[(equals + 1)..]))
            {
                return false;
            }
        }

        return true;
    }
}
