using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecurityAgent.IotHub.Authentication;

/// <summary>
/// Shared access signature (SAS) tokens as IoT Hub and the Device Provisioning Service define them:
/// <c>SharedAccessSignature sr={url-encoded resource}&amp;sig={url-encoded signature}&amp;se={expiry}[&amp;skn={policy}]</c>,
/// where the signature is the base64 HMAC-SHA256, keyed by the base64-decoded key, of
/// <c>{url-encoded resource}\n{expiry}</c>. Stateless and thread-safe.
/// </summary>
public static class SharedAccessSignature
{
    /// <summary>The prefix every token starts with.</summary>
    public const string Prefix = "SharedAccessSignature ";

    /// <summary>Computes the base64 signature (not yet URL-encoded) of an already URL-encoded resource and an expiry.</summary>
    /// <param name="base64Key">The key, base64.</param>
    /// <param name="encodedResource">The resource URI exactly as it appears (URL-encoded) in the token's <c>sr</c>.</param>
    /// <param name="expiry">The expiry text exactly as it appears in the token's <c>se</c>.</param>
    /// <returns>The base64 signature.</returns>
    /// <exception cref="FormatException"><paramref name="base64Key"/> is not base64.</exception>
    public static string ComputeSignature(string base64Key, string encodedResource, string expiry)
    {
        ArgumentNullException.ThrowIfNull(base64Key);
        ArgumentNullException.ThrowIfNull(encodedResource);
        ArgumentNullException.ThrowIfNull(expiry);
        var key = Convert.FromBase64String(base64Key);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(encodedResource + "\n" + expiry));
        return Convert.ToBase64String(mac);
    }

    /// <summary>Creates a token for a resource URI.</summary>
    /// <param name="resourceUri">The resource, not encoded, without scheme (for example <c>myhub.azure-devices.net/devices/dev1</c>).</param>
    /// <param name="base64Key">The key, base64.</param>
    /// <param name="expiresAt">When the token expires; sent as whole seconds since the Unix epoch.</param>
    /// <param name="policyName">The policy name (<c>skn</c>), or <see langword="null"/> for identity keys.</param>
    /// <returns>The token, starting with <see cref="Prefix"/>.</returns>
    /// <exception cref="FormatException"><paramref name="base64Key"/> is not base64.</exception>
    public static string Create(string resourceUri, string base64Key, DateTimeOffset expiresAt, string? policyName = null)
    {
        ArgumentNullException.ThrowIfNull(resourceUri);
        var encodedResource = Uri.EscapeDataString(resourceUri);
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = ComputeSignature(base64Key, encodedResource, expiry);
        var token = $"{Prefix}sr={encodedResource}&sig={Uri.EscapeDataString(signature)}&se={expiry}";
        return policyName is null ? token : token + "&skn=" + Uri.EscapeDataString(policyName);
    }

    /// <summary>The resource URI of a device or module identity: <c>{host}/devices/{device}[/modules/{module}]</c>.</summary>
    /// <param name="hostName">The hub host name (the token audience).</param>
    /// <param name="deviceId">The device id.</param>
    /// <param name="moduleId">The module id, or <see langword="null"/>.</param>
    /// <returns>The resource URI, not encoded.</returns>
    public static string IdentityResource(string hostName, string deviceId, string? moduleId)
        => moduleId is null ? $"{hostName}/devices/{deviceId}" : $"{hostName}/devices/{deviceId}/modules/{moduleId}";

    /// <summary>
    /// Derives a device key from an enrollment group key, as the Device Provisioning Service does:
    /// base64 of HMAC-SHA256 keyed by the decoded group key over the UTF-8 registration id.
    /// </summary>
    /// <param name="groupKey">The enrollment group's key, base64.</param>
    /// <param name="registrationId">The registration id.</param>
    /// <returns>The derived device key, base64.</returns>
    /// <exception cref="FormatException"><paramref name="groupKey"/> is not base64.</exception>
    public static string DeriveDeviceKey(string groupKey, string registrationId)
    {
        ArgumentNullException.ThrowIfNull(groupKey);
        ArgumentNullException.ThrowIfNull(registrationId);
        return Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(groupKey), Encoding.UTF8.GetBytes(registrationId)));
    }
}
