namespace SecurityAgent.IotHub.Client;

/// <summary>Describes a change of <see cref="IotHubClient.State"/>.</summary>
/// <param name="previous">The state before.</param>
/// <param name="current">The state now.</param>
/// <param name="reason">A short human-readable reason.</param>
/// <param name="error">The failure behind the change, if any.</param>
public sealed class ConnectionStateChangedEventArgs(ConnectionState previous, ConnectionState current, string reason, Exception? error) : EventArgs
{
    /// <summary>Gets the state before the change.</summary>
    public ConnectionState Previous { get; } = previous;

    /// <summary>Gets the state after the change.</summary>
    public ConnectionState Current { get; } = current;

    /// <summary>Gets a short human-readable reason.</summary>
    public string Reason { get; } = reason;

    /// <summary>Gets the failure behind the change, if any.</summary>
    public Exception? Error { get; } = error;
}
