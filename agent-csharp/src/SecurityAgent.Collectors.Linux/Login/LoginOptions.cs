namespace SecurityAgent.Collectors.Linux.Login;

/// <summary>Options of <see cref="LoginCollector"/>; checked once when the collector is made.</summary>
public sealed class LoginOptions
{
    /// <summary>The root of the var/log and proc trees. <value>Default "/".</value></summary>
    public string Root { get; init; } = "/";

    /// <summary>The event source. <value>Default <see cref="LoginSource.Auto"/>.</value></summary>
    public LoginSource Source { get; init; } = LoginSource.Auto;

    /// <summary>How often wtmp and btmp are read for new records, 100 ms to 1 h. <value>Default 5 s.</value></summary>
    public TimeSpan PollingInterval { get; init; } = TimeSpan.FromSeconds(5);
}
