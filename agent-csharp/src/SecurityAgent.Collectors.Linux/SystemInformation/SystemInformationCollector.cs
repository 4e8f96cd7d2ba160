using System.Globalization;
using System.Runtime.InteropServices;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.SystemInformation;

/// <summary>
/// SystemInformation with every field of the schema, from &lt;root&gt;: /etc/os-release (vendor and
/// distribution), /proc/sys/kernel (kernel name, release, architecture, host name), /proc/meminfo
/// (physical and virtual memory: RAM plus swap), /sys/class/dmi/id/bios_version and the root device
/// from /proc/cmdline or /proc/mounts. A field whose source is missing is omitted.
/// </summary>
/// <remarks>Needs no privilege.</remarks>
public sealed class SystemInformationCollector : SnapshotCollector, ICollectorStatistics
{
    private readonly string _root;

    /// <summary>Creates the collector over <paramref name="root"/>.</summary>
    public SystemInformationCollector(string root = "/")
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = root;
    }

    /// <inheritdoc/>
    long ICollectorStatistics.Overflows => 0;

    /// <inheritdoc/>
    long ICollectorStatistics.Malformed => 0;

    /// <inheritdoc/>
    long ICollectorStatistics.KernelLost => 0;

    /// <inheritdoc/>
    long ICollectorStatistics.Incomplete => 0;

    /// <inheritdoc/>
    bool ICollectorStatistics.SharesAuditCounters => false;

    /// <inheritdoc/>
    public override string Name => "SystemInformation";

    /// <inheritdoc/>
    protected override EventName EventName => EventName.SystemInformation;

    /// <summary>Reads one snapshot.</summary>
    internal SystemInformationPayload Snapshot()
    {
        var release = KeyValues(Read("etc/os-release") ?? Read("usr/lib/os-release"));
        var memory = MemInfo(Read("proc/meminfo"));
        var kernel = Line("proc/sys/kernel/osrelease");
        var pretty = release.GetValueOrDefault("PRETTY_NAME");
        ulong? total = memory.GetValueOrDefault("MemTotal"), free = memory.GetValueOrDefault("MemAvailable") ?? memory.GetValueOrDefault("MemFree");
        ulong? swapTotal = memory.GetValueOrDefault("SwapTotal"), swapFree = memory.GetValueOrDefault("SwapFree");
        return new SystemInformationPayload
        {
            OSName = Line("proc/sys/kernel/ostype") ?? "Linux",
            OSVersion = (pretty, kernel) switch
            {
                (not null, not null) => $"{pretty}; kernel {kernel} {Line("proc/sys/kernel/version")}".TrimEnd(),
                (null, not null) => kernel,
                _ => pretty,
            },
            OSVendor = release.GetValueOrDefault("NAME"),
            OsArchitecture = Line("proc/sys/kernel/arch") ?? (_root == "/" ? Architecture() : null),
            HostName = Line("proc/sys/kernel/hostname"),
            BIOSVersion = Line("sys/class/dmi/id/bios_version"),
            BootDevice = BootDevice(),
            TotalPhysicalMemoryInKB = total,
            FreePhysicalMemoryInKB = free,
            TotalVirtualMemoryInKB = total + (swapTotal ?? 0),
            FreeVirtualMemoryInKB = free + (swapFree ?? 0),
        };
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<PayloadItem> Collect() => [Snapshot()];

    /// <summary>KEY=value lines with optional quotes (os-release).</summary>
    internal static Dictionary<string, string> KeyValues(string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || line.StartsWith('#'))
            {
                continue;
            }
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            values[line[..eq].Trim()] = value;
        }
        return values;
    }

    /// <summary>"Key:   123 kB" lines of /proc/meminfo, in KB.</summary>
    internal static Dictionary<string, ulong?> MemInfo(string? text)
    {
        var values = new Dictionary<string, ulong?>(StringComparer.Ordinal);
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            var number = line[(colon + 1)..].Trim();
            var space = number.IndexOf(' ', StringComparison.Ordinal);
            if (ulong.TryParse(space < 0 ? number : number[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
            {
                values[line[..colon]] = kb;
            }
        }
        return values;
    }

    private string? BootDevice()
    {
        foreach (var arg in (Line("proc/cmdline") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (arg.StartsWith("root=", StringComparison.Ordinal) && arg.Length > 5)
            {
                return arg[5..];
            }
        }
        foreach (var line in (Read("proc/mounts") ?? string.Empty).Split('\n'))
        {
            var f = line.Split(' ');
            if (f.Length >= 2 && f[1] == "/")
            {
                return f[0];
            }
        }
        return null;
    }

    private static string Architecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x86_64",
        System.Runtime.InteropServices.Architecture.X86 => "i686",
        System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
        System.Runtime.InteropServices.Architecture.Arm => "armv7l",
        var other => other.ToString().ToLowerInvariant(),
    };

    private string? Line(string relative)
    {
        var text = Read(relative)?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private string? Read(string relative)
    {
        try
        {
            return File.ReadAllText(Path.Combine(_root, relative));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
