namespace SecurityAgent.IotHub.ConnectionStrings;

/// <summary>
/// An IoT Hub connection string: <c>;</c>-separated <c>Key=Value</c> pairs naming the hub, the
/// identity and its credential. Immutable once parsed.
/// </summary>
/// <remarks>
/// Recognised keys (case-insensitive): <c>HostName</c> (required), <c>DeviceId</c>, <c>ModuleId</c>,
/// <c>SharedAccessKey</c>, <c>SharedAccessKeyName</c>, <c>SharedAccessSignature</c>, <c>x509</c>
/// (alias <c>X509Cert</c>) and <c>GatewayHostName</c>. Unknown keys are rejected, so that a typo is
/// reported instead of silently ignored.
/// </remarks>
public sealed class IotHubConnectionString
{
    private const int MaxIdLength = 128;
    private const string IdPunctuation = "-:.+%_#*?!(),=@;$'";

    private IotHubConnectionString(
        string hostName,
        string? deviceId,
        string? moduleId,
        string? sharedAccessKey,
        string? sharedAccessKeyName,
        string? sharedAccessSignature,
        bool usesX509,
        string? gatewayHostName)
    {
        HostName = hostName;
        DeviceId = deviceId;
        ModuleId = moduleId;
        SharedAccessKey = sharedAccessKey;
        SharedAccessKeyName = sharedAccessKeyName;
        SharedAccessSignature = sharedAccessSignature;
        UsesX509 = usesX509;
        GatewayHostName = gatewayHostName;
    }

    /// <summary>Gets the hub's host name, the audience of SAS tokens (for example <c>myhub.azure-devices.net</c>).</summary>
    public string HostName { get; }

    /// <summary>Gets the device id, or <see langword="null"/> for a service (policy) connection string.</summary>
    public string? DeviceId { get; }

    /// <summary>Gets the module id, or <see langword="null"/> for a device identity.</summary>
    public string? ModuleId { get; }

    /// <summary>Gets the base64 shared access key, when the identity authenticates with a key.</summary>
    public string? SharedAccessKey { get; }

    /// <summary>Gets the shared access policy name (for example <c>iothubowner</c>), for service connection strings.</summary>
    public string? SharedAccessKeyName { get; }

    /// <summary>Gets a pre-made SAS token, when the string carries one instead of a key.</summary>
    public string? SharedAccessSignature { get; }

    /// <summary>Gets a value indicating whether the identity authenticates with an X.509 client certificate.</summary>
    public bool UsesX509 { get; }

    /// <summary>
    /// Gets the host the client actually connects to (TCP, TLS and the MQTT user name), when it differs
    /// from <see cref="HostName"/>; SAS tokens keep <see cref="HostName"/> as their audience.
    /// </summary>
    public string? GatewayHostName { get; }

    /// <summary>Gets the host to open connections to: <see cref="GatewayHostName"/> when set, else <see cref="HostName"/>.</summary>
    public string ConnectHostName => GatewayHostName ?? HostName;

    /// <summary>Gets a value indicating whether this string names a module identity.</summary>
    public bool IsModule => ModuleId is not null;

    /// <summary>
    /// Parses a connection string.
    /// </summary>
    /// <param name="connectionString">The text to parse.</param>
    /// <returns>The parsed connection string.</returns>
    /// <exception cref="FormatException">The text is malformed; the message says which part and why.</exception>
    public static IotHubConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rawPart in connectionString.Split(';'))
        {
            var part = rawPart.Trim();
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Connection string part '{Redact(part)}' is not of the form Key=Value.");
            }

            var name = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            var canonical = CanonicalKey(name)
                ?? throw new FormatException($"Connection string key '{name}' is not recognised (expected HostName, DeviceId, ModuleId, SharedAccessKey, SharedAccessKeyName, SharedAccessSignature, x509 or GatewayHostName).");
            if (!values.TryAdd(canonical, value))
            {
                throw new FormatException($"Connection string key '{canonical}' appears more than once.");
            }
        }

        if (!values.TryGetValue("HostName", out var hostName) || hostName.Length == 0)
        {
            throw new FormatException("Connection string has no HostName.");
        }

        CheckHost("HostName", hostName);
        var gateway = Optional(values, "GatewayHostName");
        if (gateway is not null)
        {
            CheckHost("GatewayHostName", gateway);
        }

        var deviceId = Optional(values, "DeviceId");
        var moduleId = Optional(values, "ModuleId");
        var key = Optional(values, "SharedAccessKey");
        var keyName = Optional(values, "SharedAccessKeyName");
        var signature = Optional(values, "SharedAccessSignature");
        var x509Text = Optional(values, "x509");
        var usesX509 = false;
        if (x509Text is not null && !bool.TryParse(x509Text, out usesX509))
        {
            throw new FormatException($"Connection string value x509='{x509Text}' is not true or false.");
        }

        if (deviceId is not null)
        {
            CheckId("DeviceId", deviceId);
        }

        if (moduleId is not null)
        {
            if (deviceId is null)
            {
                throw new FormatException("Connection string has a ModuleId but no DeviceId.");
            }

            CheckId("ModuleId", moduleId);
        }

        if (key is not null && !IsBase64(key))
        {
            throw new FormatException("Connection string SharedAccessKey is not valid base64.");
        }

        var credentials = (key is not null ? 1 : 0) + (signature is not null ? 1 : 0) + (usesX509 ? 1 : 0);
        if (credentials == 0)
        {
            throw new FormatException("Connection string has no credential: expected SharedAccessKey, SharedAccessSignature or x509=true.");
        }

        if (credentials > 1)
        {
            throw new FormatException("Connection string has more than one credential: give only one of SharedAccessKey, SharedAccessSignature and x509=true.");
        }

        if (deviceId is null && keyName is null)
        {
            throw new FormatException("Connection string names neither a DeviceId nor a SharedAccessKeyName.");
        }

        if (usesX509 && deviceId is null)
        {
            throw new FormatException("Connection string sets x509=true without a DeviceId.");
        }

        return new IotHubConnectionString(hostName, deviceId, moduleId, key, keyName, signature, usesX509, gateway);
    }

    /// <summary>Builds a connection string for a device or module identity with a symmetric key.</summary>
    /// <param name="hostName">The hub host name.</param>
    /// <param name="deviceId">The device id.</param>
    /// <param name="moduleId">The module id, or <see langword="null"/> for the device itself.</param>
    /// <param name="sharedAccessKey">The base64 key.</param>
    /// <param name="gatewayHostName">An optional gateway host name.</param>
    /// <returns>The parsed connection string.</returns>
    /// <exception cref="FormatException">A value is invalid.</exception>
    public static IotHubConnectionString ForKey(string hostName, string deviceId, string? moduleId, string sharedAccessKey, string? gatewayHostName = null)
        => Parse(Compose(hostName, deviceId, moduleId, gatewayHostName) + ";SharedAccessKey=" + sharedAccessKey);

    /// <summary>Builds a connection string for a device or module identity that authenticates with an X.509 certificate.</summary>
    /// <param name="hostName">The hub host name.</param>
    /// <param name="deviceId">The device id.</param>
    /// <param name="moduleId">The module id, or <see langword="null"/> for the device itself.</param>
    /// <param name="gatewayHostName">An optional gateway host name.</param>
    /// <returns>The parsed connection string.</returns>
    /// <exception cref="FormatException">A value is invalid.</exception>
    public static IotHubConnectionString ForX509(string hostName, string deviceId, string? moduleId, string? gatewayHostName = null)
        => Parse(Compose(hostName, deviceId, moduleId, gatewayHostName) + ";x509=true");

    /// <summary>Returns the connection string with the key replaced by <c>***</c>, safe to log.</summary>
    /// <returns>A redacted connection string.</returns>
    public override string ToString()
    {
        var text = Compose(HostName, DeviceId, ModuleId, GatewayHostName);
        if (SharedAccessKeyName is not null)
        {
            text += ";SharedAccessKeyName=" + SharedAccessKeyName;
        }

        if (SharedAccessKey is not null)
        {
            text += ";SharedAccessKey=***";
        }

        if (SharedAccessSignature is not null)
        {
            text += ";SharedAccessSignature=***";
        }

        return UsesX509 ? text + ";x509=true" : text;
    }

    private static string Compose(string hostName, string? deviceId, string? moduleId, string? gatewayHostName)
    {
        var text = "HostName=" + hostName;
        if (deviceId is not null)
        {
            text += ";DeviceId=" + deviceId;
        }

        if (moduleId is not null)
        {
            text += ";ModuleId=" + moduleId;
        }

        if (gatewayHostName is not null)
        {
            text += ";GatewayHostName=" + gatewayHostName;
        }

        return text;
    }

    private static string? CanonicalKey(string key) => key.ToUpperInvariant() switch
    {
        "HOSTNAME" => "HostName",
        "DEVICEID" => "DeviceId",
        "MODULEID" => "ModuleId",
        "SHAREDACCESSKEY" => "SharedAccessKey",
        "SHAREDACCESSKEYNAME" => "SharedAccessKeyName",
        "SHAREDACCESSSIGNATURE" => "SharedAccessSignature",
        "X509" or "X509CERT" => "x509",
        "GATEWAYHOSTNAME" => "GatewayHostName",
        _ => null,
    };

    private static string? Optional(Dictionary<string, string> values, string key)
        => values.TryGetValue(key, out var value) ? (value.Length == 0 ? throw new FormatException($"Connection string key '{key}' has an empty value.") : value) : null;

    private static void CheckHost(string key, string host)
    {
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new FormatException($"Connection string {key} '{host}' is not a valid host name.");
        }
    }

    private static void CheckId(string key, string id)
    {
        if (id.Length > MaxIdLength)
        {
            throw new FormatException($"Connection string {key} is longer than {MaxIdLength} characters.");
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !IdPunctuation.Contains(c, StringComparison.Ordinal))
            {
                throw new FormatException($"Connection string {key} '{id}' contains the character '{c}', which IoT Hub does not allow in ids.");
            }
        }
    }

    private static bool IsBase64(string text)
    {
        Span<byte> buffer = stackalloc byte[512];
        return text.Length <= 680 && Convert.TryFromBase64String(text, buffer, out var written) && written > 0;
    }

    private static string Redact(string part) => part.Length > 12 ? part[..12] + "..." : part;
}
