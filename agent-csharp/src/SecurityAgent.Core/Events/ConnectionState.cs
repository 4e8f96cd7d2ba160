namespace SecurityAgent.Core.Events;

/// <summary>Whether the host is connected to the hub.</summary>
public enum ConnectionState
{
    /// <summary>Disconnected.</summary>
    Disconnected,

    /// <summary>Connected.</summary>
    Connected,
}
