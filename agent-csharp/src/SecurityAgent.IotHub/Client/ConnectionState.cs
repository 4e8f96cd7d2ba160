namespace SecurityAgent.IotHub.Client;

/// <summary>The state of an <see cref="IotHubClient"/>'s connection.</summary>
public enum ConnectionState
{
    /// <summary>Not connected and not trying to (before <see cref="IotHubClient.ConnectAsync"/> or after disposal).</summary>
    Disconnected,

    /// <summary>Opening the first connection.</summary>
    Connecting,

    /// <summary>Connected; telemetry and twin operations can run.</summary>
    Connected,

    /// <summary>The connection was lost or is being renewed; the client is reconnecting with backoff.</summary>
    Reconnecting,
}
