using SecurityAgent.Collectors;
using SecurityAgent.Collectors.Linux;

namespace SecurityAgent.Hosting;

/// <summary>
/// The collectors of this platform: on Linux every collector of SecurityAgent.Collectors.Linux
/// (sharing one audit connection), elsewhere the portable ones. <c>run --collectors</c> picks a
/// subset by name.
/// </summary>
internal static class CollectorCatalog
{
    /// <summary>The collector names of this platform, in the order they start.</summary>
    public static IReadOnlyList<string> Names => [.. Create().Select(c => c.Name)];

    /// <summary>Makes the collectors; only those named in <paramref name="only"/> when given.</summary>
    public static IReadOnlyList<ICollector> Create(IReadOnlySet<string>? only = null)
    {
        IReadOnlyList<ICollector> all = OperatingSystem.IsLinux()
            ? LinuxCollectors.Create(new LinuxCollectorOptions())
            : [new SystemInformationCollector()];
        return only is null ? all : [.. all.Where(c => only.Contains(c.Name))];
    }
}
