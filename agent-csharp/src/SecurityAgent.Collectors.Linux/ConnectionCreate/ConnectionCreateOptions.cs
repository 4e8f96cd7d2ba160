namespace SecurityAgent.Collectors.Linux.ConnectionCreate;

/// <summary>Options of <see cref="ConnectionCreateCollector"/>; checked once when the collector is made.</summary>
public sealed class ConnectionCreateOptions
{
    /// <summary>The root of the proc tree used to name a connection's protocol and local side. <value>Default "/".</value></summary>
    public string Root { get; init; } = "/";

    /// <summary>Whether loopback connections (127.0.0.0/8, ::1) are reported. <value>Default false.</value></summary>
    public bool IncludeLoopback { get; init; }
}
