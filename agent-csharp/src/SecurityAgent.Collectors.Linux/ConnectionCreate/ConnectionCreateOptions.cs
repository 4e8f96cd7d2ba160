namespace SecurityAgent.Collectors.Linux.ConnectionCreate;

/// <summary>Options of <see cref="ConnectionCreateCollector"/>; checked once when the collector is made.</summary>
public sealed class ConnectionCreateOptions
{
    /// <summary>The root of the proc tree used to name a connection's protocol and local side. <value>Default "/".</value></summary>
    public string Root { get; init; } = "/";

    /// <summary>Whether loopback connections (127.0.0.0/8, ::1) are reported. <value>Default false.</value></summary>
    public bool IncludeLoopback { get; init; }

    /// <summary>The event source. <value>Default <see cref="ConnectionSource.Auto"/>.</value></summary>
    public ConnectionSource Source { get; init; } = ConnectionSource.Auto;

    /// <summary>How often the sock_diag fallback takes a snapshot, 100 ms to 1 h. <value>Default 2 s.</value></summary>
    public TimeSpan SockDiagInterval { get; init; } = TimeSpan.FromSeconds(2);
}
