using SecurityAgent.Collectors;
using SecurityAgent.Collectors.Linux;
using SecurityAgent.Collectors.Linux.OSBaseline;
using SecurityAgent.Core.Configuration;

namespace SecurityAgent.Hosting;

/// <summary>
/// The collectors of this platform: on Linux every collector of SecurityAgent.Collectors.Linux
/// (sharing one audit connection), elsewhere the portable ones. <c>run --collectors</c> picks a
/// subset by name.
/// </summary>
internal static class CollectorCatalog
{
    /// <summary>
    /// The collector names of this platform, in the order they start; a list rather than made
    /// collectors, so that the command line's help and checks cost nothing at start-up.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = OperatingSystem.IsLinux()
        ? ["ProcessCreate", "ConnectionCreate", "Login", "ListeningPorts", "LocalUsers", "FirewallConfiguration", "OSBaseline", "SystemInformation"]
        : ["SystemInformation"];

    /// <summary>
    /// Makes the collectors; only those named in <paramref name="only"/> when given.
    /// <paramref name="configuration"/> reads the twin configuration in force when a collector needs it;
    /// the Linux collectors read the OS under <paramref name="root"/> (<c>run --root</c>).
    /// </summary>
    public static IReadOnlyList<ICollector> Create(IReadOnlySet<string>? only, Func<AgentConfiguration> configuration, string root = "/")
    {
        IReadOnlyList<ICollector> all = OperatingSystem.IsLinux()
            ? LinuxCollectors.Create(new LinuxCollectorOptions { Root = root, BaselineCustomChecks = () => CustomChecksOf(configuration()) })
            : [new SystemInformationCollector()];
        return only is null ? all : [.. all.Where(c => only.Contains(c.Name))];
    }

    /// <summary>The twin's baselineCustomChecks* keys, as the OSBaseline collector takes them.</summary>
    internal static BaselineCustomChecks? CustomChecksOf(AgentConfiguration configuration) =>
        configuration.BaselineCustomChecksEnabled
            ? new BaselineCustomChecks(true, configuration.BaselineCustomChecksFilePath, configuration.BaselineCustomChecksFileHash)
            : null;
}
