namespace SecurityAgent.Collectors.Linux.FirewallConfiguration;

/// <summary>Options of <see cref="FirewallConfigurationCollector"/>; checked once when the collector is made.</summary>
public sealed class FirewallConfigurationOptions
{
    /// <summary>The front ends read. <value>Default <see cref="FirewallSource.Auto"/>.</value></summary>
    public FirewallSource Source { get; init; } = FirewallSource.Auto;

    /// <summary>
    /// A named network namespace (as <c>ip netns add</c> makes it) whose rules are read instead of
    /// the agent's own: the tools run under <c>ip netns exec NAME</c>. <value>Default null (the agent's namespace).</value>
    /// </summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>How long one tool may run, 1 s to 5 min. <value>Default 15 s.</value></summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
