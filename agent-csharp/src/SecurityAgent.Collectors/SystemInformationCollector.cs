using System.Runtime.InteropServices;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors;

/// <summary>
/// SystemInformation from what .NET knows on every platform: OS name and version, architecture,
/// host name, and memory. The Linux collectors add what /proc and /sys tell.
/// </summary>
public sealed class SystemInformationCollector : SnapshotCollector
{
    /// <inheritdoc/>
    public override string Name => "SystemInformation";

    /// <inheritdoc/>
    protected override EventName EventName => EventName.SystemInformation;

    /// <inheritdoc/>
    protected override IReadOnlyList<PayloadItem> Collect()
    {
        var memory = GC.GetGCMemoryInfo();
        return
        [
            new SystemInformationPayload
            {
                OSName = OsName(),
                OSVersion = Environment.OSVersion.VersionString,
                OsArchitecture = RuntimeInformation.OSArchitecture.ToString(),
                HostName = Environment.MachineName,
                TotalPhysicalMemoryInKB = (ulong)memory.TotalAvailableMemoryBytes / 1024,
            },
        ];
    }

    private static string OsName() =>
        OperatingSystem.IsLinux() ? "Linux"
        : OperatingSystem.IsWindows() ? "Windows"
        : RuntimeInformation.OSDescription;
}
