using SecurityAgent.IotHub.ConnectionStrings;
using SecurityAgent.IotHub.Provisioning;

namespace SecurityAgent.IotHub.Client;

/// <summary>
/// Settings of an <see cref="IotHubClient"/>. Init-only, so frozen once built; the client checks
/// them once, in its constructor, with <see cref="Validate"/>.
/// </summary>
public sealed class IotHubClientOptions
{
    /// <summary>The MQTT port of IoT Hub over TLS.</summary>
    public const int DefaultMqttPort = 8883;

    /// <summary>The HTTPS (and MQTT over WebSockets) port of IoT Hub.</summary>
    public const int DefaultHttpsPort = 443;

    /// <summary>Gets the identity to connect as. Exactly one of this and <see cref="Provisioning"/> must be set.</summary>
    public IotHubConnectionString? ConnectionString { get; init; }

    /// <summary>Gets the DPS registration that yields the identity. Exactly one of this and <see cref="ConnectionString"/> must be set.</summary>
    public DpsOptions? Provisioning { get; init; }

    /// <summary>
    /// Gets the module to connect as when the identity is a device: the client reads the module's key
    /// over the hub's REST API with the device's credentials, then connects as the module (as the
    /// Azure security agents do with <c>azureiotsecurity</c>). <see langword="null"/> connects as the device itself.
    /// </summary>
    public string? SecurityModuleId { get; init; }

    /// <summary>Gets the MQTT port.</summary>
    /// <value>Default <see langword="null"/>: 8883, or 443 with <see cref="UseWebSockets"/>.</value>
    public int? Port { get; init; }

    /// <summary>Gets the port of the hub's REST API (used to fetch the module key).</summary>
    /// <value>Default 443.</value>
    public int RestPort { get; init; } = DefaultHttpsPort;

    /// <summary>Gets a value indicating whether MQTT runs over a WebSocket (<c>wss://host/$iothub/websocket</c>) instead of TCP.</summary>
    public bool UseWebSockets { get; init; }

    /// <summary>Gets a PEM or DER file of CA certificates; when set, the server must chain to one of them (and the system store is not used).</summary>
    public string? CaFile { get; init; }

    /// <summary>Gets the client certificate for X.509 identities: a PEM certificate (with <see cref="ClientKeyFile"/>, or the key in the same file) or a PFX file.</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>Gets the PEM private key file of <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>Gets the password of a PFX <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientCertificatePassword { get; init; }

    /// <summary>Gets the lifetime of SAS tokens the client makes; it reconnects with a fresh token when 15 % of it remains.</summary>
    /// <value>Default one hour; between 1 second and 365 days.</value>
    public TimeSpan SasTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets the MQTT keep-alive period.</summary>
    /// <value>Default 60 seconds; between 5 seconds and 1177 seconds.</value>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets how long a connect, twin request or DPS step may take.</summary>
    /// <value>Default 60 seconds.</value>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the first reconnect delay; it doubles per failed attempt, with jitter.</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the largest reconnect delay.</summary>
    /// <value>Default 2 minutes.</value>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets how many times a reported-properties patch is tried when the hub answers 429 or 5xx.</summary>
    /// <value>Default 5.</value>
    public int ReportedPatchAttempts { get; init; } = 5;

    /// <summary>Gets a value indicating whether the client GETs the twin after every connect and raises <see cref="IotHubClient.DesiredPropertiesChanged"/> with it.</summary>
    /// <value>Default <see langword="true"/>; turn off only against a plain MQTT broker that has no twin.</value>
    public bool SynchronizeTwinOnConnect { get; init; } = true;

    /// <summary>Gets the clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets the port MQTT actually uses.</summary>
    public int EffectivePort => Port ?? (UseWebSockets ? DefaultHttpsPort : DefaultMqttPort);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A setting is missing, contradictory or out of range; the message names it.</exception>
    public void Validate()
    {
        if ((ConnectionString is null) == (Provisioning is null))
        {
            throw new ArgumentException("Give exactly one of ConnectionString and Provisioning.");
        }

        if (ConnectionString is { DeviceId: null })
        {
            throw new ArgumentException("ConnectionString names no device: a service (policy) connection string cannot connect over MQTT.");
        }

        if (ConnectionString is { UsesX509: true } && ClientCertificateFile is null)
        {
            throw new ArgumentException("ConnectionString uses x509=true but no ClientCertificateFile is given.");
        }

        if (Provisioning is { } dps)
        {
            var attestations = (dps.SymmetricKey is null ? 0 : 1) + (dps.EnrollmentGroupKey is null ? 0 : 1) + (ClientCertificateFile is null ? 0 : 1);
            if (attestations != 1)
            {
                throw new ArgumentException("Provisioning needs exactly one attestation: SymmetricKey, EnrollmentGroupKey or a ClientCertificateFile.");
            }

            if (string.IsNullOrWhiteSpace(dps.IdScope) || string.IsNullOrWhiteSpace(dps.RegistrationId))
            {
                throw new ArgumentException("Provisioning needs IdScope and RegistrationId.");
            }
        }

        if (SecurityModuleId is not null && ConnectionString is { IsModule: true })
        {
            throw new ArgumentException("SecurityModuleId is set but the connection string already names a module.");
        }

        CheckPort(nameof(Port), Port ?? DefaultMqttPort);
        CheckPort(nameof(RestPort), RestPort);
        CheckRange(nameof(SasTokenLifetime), SasTokenLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromDays(365));
        CheckRange(nameof(KeepAlive), KeepAlive, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1177));
        CheckRange(nameof(OperationTimeout), OperationTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        CheckRange(nameof(ReconnectMinDelay), ReconnectMinDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        CheckRange(nameof(ReconnectMaxDelay), ReconnectMaxDelay, ReconnectMinDelay, TimeSpan.FromHours(1));
        if (ReportedPatchAttempts is < 1 or > 100)
        {
            throw new ArgumentException("ReportedPatchAttempts must be between 1 and 100.");
        }

        foreach (var (name, path) in new[] { (nameof(CaFile), CaFile), (nameof(ClientCertificateFile), ClientCertificateFile), (nameof(ClientKeyFile), ClientKeyFile) })
        {
            if (path is not null && !File.Exists(path))
            {
                throw new ArgumentException($"{name} '{path}' does not exist.");
            }
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    private static void CheckPort(string name, int port)
    {
        if (port is < 1 or > 65535)
        {
            throw new ArgumentException($"{name} must be between 1 and 65535.");
        }
    }

    private static void CheckRange(string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentException($"{name} must be between {min} and {max}.");
        }
    }
}
