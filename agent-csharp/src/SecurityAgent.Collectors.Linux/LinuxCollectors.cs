using SecurityAgent.Collectors.Linux.Audit;
using SecurityAgent.Collectors.Linux.ConnectionCreate;
using SecurityAgent.Collectors.Linux.FirewallConfiguration;
using SecurityAgent.Collectors.Linux.ListeningPorts;
using SecurityAgent.Collectors.Linux.LocalUsers;
using SecurityAgent.Collectors.Linux.Login;
using SecurityAgent.Collectors.Linux.OSBaseline;
using SecurityAgent.Collectors.Linux.ProcessCreate;

namespace SecurityAgent.Collectors.Linux;

/// <summary>The Linux collectors of the agent, made together for the host.</summary>
public static class LinuxCollectors
{
    /// <summary>
    /// Makes every Linux collector. The audit-based ones share one <see cref="AuditHub"/>, so the
    /// agent holds one audit netlink connection. Every collector also implements
    /// <see cref="ICollectorStatistics"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of its range.</exception>
    public static IReadOnlyList<ICollector> Create(LinuxCollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Root);
        var hub = new AuditHub();
        return
        [
            new ProcessCreateCollector(new ProcessCreateOptions { Root = options.Root, Source = options.ProcessSource }, hub),
            new ConnectionCreateCollector(new ConnectionCreateOptions { Root = options.Root, IncludeLoopback = options.IncludeLoopback, Source = options.ConnectionSource }, hub),
            new LoginCollector(new LoginOptions { Root = options.Root, Source = options.LoginSource }, hub),
            new ListeningPortsCollector(options.Root),
            new LocalUsersCollector(options.Root),
            new FirewallConfigurationCollector(new FirewallConfigurationOptions { NetworkNamespace = options.FirewallNetworkNamespace }),
            new OSBaselineCollector(new OSBaselineOptions { Root = options.Root, CustomChecks = options.BaselineCustomChecks }),
            new SystemInformation.SystemInformationCollector(options.Root),
        ];
    }
}
