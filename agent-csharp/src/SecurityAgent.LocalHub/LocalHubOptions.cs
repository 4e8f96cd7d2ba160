using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SecurityAgent.LocalHub;

/// <summary>Settings of a <see cref="LocalHub"/>. Init-only, so frozen once built; checked once when the hub starts.</summary>
public sealed class LocalHubOptions
{
    /// <summary>Gets the folder for certificates, the registry and the message database; created if missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Gets the hub's host name: the SAS audience and the server certificate's name.</summary>
    /// <value>Default <c>localhost</c>.</value>
    public string HostName { get; init; } = "localhost";

    /// <summary>Gets the MQTT-over-TLS port on 127.0.0.1.</summary>
    /// <value>Default 0: a free port is chosen; read it from <see cref="SecurityAgent.LocalHub.LocalHub.MqttPort"/>.</value>
    public int MqttPort { get; init; }

    /// <summary>Gets the HTTPS port of the REST service API (and MQTT over WebSockets) on 127.0.0.1.</summary>
    /// <value>Default 0: a free port is chosen; read it from <see cref="SecurityAgent.LocalHub.LocalHub.HttpsPort"/>.</value>
    public int HttpsPort { get; init; }

    /// <summary>Gets the ID scope the hub's DPS endpoint answers to.</summary>
    /// <value>Default <c>0ne00000001</c>.</value>
    public string IdScope { get; init; } = "0ne00000001";

    /// <summary>Gets the largest telemetry message accepted; a larger one closes the connection without PUBACK, as IoT Hub does.</summary>
    /// <value>Default 262144 (256 KiB).</value>
    public int MaxMessageBytes { get; init; } = 256 * 1024;

    /// <summary>Gets the most concurrent MQTT connections; more are refused with CONNACK 5.</summary>
    /// <value>Default 1000.</value>
    public int MaxConnections { get; init; } = 1000;

    /// <summary>Gets the largest desired or reported section of a twin; a patch that would exceed it gets status 400.</summary>
    /// <value>Default 32768 (32 KiB).</value>
    public int MaxTwinSectionBytes { get; init; } = 32 * 1024;

    /// <summary>Gets the clock (SAS expiry checks, metadata timestamps, message times).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets where the hub logs connections, refusals and requests.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("DataDirectory is required.");
        }

        if (Uri.CheckHostName(HostName) == UriHostNameType.Unknown)
        {
            throw new ArgumentException($"HostName '{HostName}' is not a host name.");
        }

        if (MqttPort is < 0 or > 65535 || HttpsPort is < 0 or > 65535)
        {
            throw new ArgumentException("Ports must be between 0 and 65535.");
        }

        if (string.IsNullOrWhiteSpace(IdScope) || IdScope.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("IdScope must be a non-empty token without '/'.");
        }

        if (MaxMessageBytes is < 1024 or > 16 * 1024 * 1024)
        {
            throw new ArgumentException("MaxMessageBytes must be between 1 KiB and 16 MiB.");
        }

        if (MaxConnections < 1)
        {
            throw new ArgumentException("MaxConnections must be at least 1.");
        }

        if (MaxTwinSectionBytes is < 1024 or > 1024 * 1024)
        {
            throw new ArgumentException("MaxTwinSectionBytes must be between 1 KiB and 1 MiB.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(LoggerFactory);
    }
}
