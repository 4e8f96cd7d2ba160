namespace SecurityAgent.Configuration;

/// <summary>
/// The local configuration file (<c>schemas/local-configuration.schema.json</c>), checked against
/// its schema and frozen. The same file configures the C agent.
/// </summary>
/// <param name="AgentId">The agent's id, sent as AgentId.</param>
/// <param name="Identity">Who the agent connects as, and how it proves it.</param>
/// <param name="HubHostName">The hub host, with an optional <c>:port</c>; null with DPS, which assigns it.</param>
/// <param name="GatewayHostName">Connect through this gateway instead of the hub, when set.</param>
/// <param name="CaFile">A PEM file of CA certificates to trust instead of the system store, when set.</param>
/// <param name="Transport">MQTT or MQTT over WebSockets, and the keep-alive.</param>
/// <param name="Outbox">Where built messages wait for their PUBACK.</param>
/// <param name="Logging">The agent's own log.</param>
/// <param name="RemoteConfigurationObjectName">The desired-properties object holding the twin configuration.</param>
public sealed record LocalConfiguration(
    string AgentId,
    IdentitySettings Identity,
    string? HubHostName,
    string? GatewayHostName,
    string? CaFile,
    TransportSettings Transport,
    OutboxSettings Outbox,
    LoggingSettings Logging,
    string RemoteConfigurationObjectName);
