namespace SecurityAgent.Configuration;

/// <summary>How the agent talks to the hub.</summary>
/// <param name="UseWebSockets">MQTT over secure WebSockets (port 443) instead of MQTT over TLS (port 8883).</param>
/// <param name="KeepAlive">The MQTT keep-alive interval.</param>
public sealed record TransportSettings(bool UseWebSockets, TimeSpan KeepAlive);
