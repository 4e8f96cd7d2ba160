using SecurityAgent.Collectors.Linux.ConnectionCreate;
using SecurityAgent.Collectors.Linux.Login;
using SecurityAgent.Collectors.Linux.OSBaseline;
using SecurityAgent.Collectors.Linux.ProcessCreate;

namespace SecurityAgent.Collectors.Linux;

/// <summary>Options of <see cref="LinuxCollectors.Create"/>; checked once when the collectors are made.</summary>
public sealed class LinuxCollectorOptions
{
    /// <summary>The root of the proc, sys and etc trees every collector reads. <value>Default "/".</value></summary>
    public string Root { get; init; } = "/";

    /// <summary>Whether loopback connections (127.0.0.0/8, ::1) are reported. <value>Default false.</value></summary>
    public bool IncludeLoopback { get; init; }

    /// <summary>The source of process events. <value>Default <see cref="ProcessSource.Auto"/>.</value></summary>
    public ProcessSource ProcessSource { get; init; } = ProcessSource.Auto;

    /// <summary>The source of login events. <value>Default <see cref="LoginSource.Auto"/>.</value></summary>
    public LoginSource LoginSource { get; init; } = LoginSource.Auto;

    /// <summary>A named network namespace whose firewall is read instead of the agent's own. <value>Default null.</value></summary>
    public string? FirewallNetworkNamespace { get; init; }

    /// <summary>Gives the twin's custom baseline check settings at each snapshot. <value>Default null: none.</value></summary>
    public Func<BaselineCustomChecks?>? BaselineCustomChecks { get; init; }

    /// <summary>The source of connection events. <value>Default <see cref="ConnectionSource.Auto"/>.</value></summary>
    public ConnectionSource ConnectionSource { get; init; } = ConnectionSource.Auto;
}
