using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>The SystemInformation snapshot (Periodic); at least one member must be set. EventType Security.</summary>
public sealed record SystemInformationPayload : PayloadItem
{
    /// <summary>The operating system name.</summary>
    public string? OSName { get; init; }

    /// <summary>The operating system version.</summary>
    public string? OSVersion { get; init; }

    /// <summary>The operating system vendor.</summary>
    public string? OSVendor { get; init; }

    /// <summary>The processor architecture.</summary>
    public string? OsArchitecture { get; init; }

    /// <summary>The host name.</summary>
    public string? HostName { get; init; }

    /// <summary>The BIOS version.</summary>
    public string? BIOSVersion { get; init; }

    /// <summary>The boot device.</summary>
    public string? BootDevice { get; init; }

    /// <summary>Total physical memory in KB.</summary>
    public ulong? TotalPhysicalMemoryInKB { get; init; }

    /// <summary>Free physical memory in KB.</summary>
    public ulong? FreePhysicalMemoryInKB { get; init; }

    /// <summary>Total virtual memory in KB.</summary>
    public ulong? TotalVirtualMemoryInKB { get; init; }

    /// <summary>Free virtual memory in KB.</summary>
    public ulong? FreeVirtualMemoryInKB { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.SystemInformation;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        if (OSName is not null)
        {
            writer.PropertyName("OSName"u8);
            writer.String(OSName, CanonicalJsonWriter.TextLimit);
        }
        if (OSVersion is not null)
        {
            writer.PropertyName("OSVersion"u8);
            writer.String(OSVersion, CanonicalJsonWriter.TextLimit);
        }
        if (OSVendor is not null)
        {
            writer.PropertyName("OSVendor"u8);
            writer.String(OSVendor, CanonicalJsonWriter.TextLimit);
        }
        if (OsArchitecture is not null)
        {
            writer.PropertyName("OsArchitecture"u8);
            writer.String(OsArchitecture, CanonicalJsonWriter.TextLimit);
        }
        if (HostName is not null)
        {
            writer.PropertyName("HostName"u8);
            writer.String(HostName, CanonicalJsonWriter.TextLimit);
        }
        if (BIOSVersion is not null)
        {
            writer.PropertyName("BIOSVersion"u8);
            writer.String(BIOSVersion, CanonicalJsonWriter.TextLimit);
        }
        if (BootDevice is not null)
        {
            writer.PropertyName("BootDevice"u8);
            writer.String(BootDevice, CanonicalJsonWriter.TextLimit);
        }
        if (TotalPhysicalMemoryInKB is { } totalphysicalmemoryinkb)
        {
            writer.PropertyName("TotalPhysicalMemoryInKB"u8);
            writer.Number(totalphysicalmemoryinkb);
        }
        if (FreePhysicalMemoryInKB is { } freephysicalmemoryinkb)
        {
            writer.PropertyName("FreePhysicalMemoryInKB"u8);
            writer.Number(freephysicalmemoryinkb);
        }
        if (TotalVirtualMemoryInKB is { } totalvirtualmemoryinkb)
        {
            writer.PropertyName("TotalVirtualMemoryInKB"u8);
            writer.Number(totalvirtualmemoryinkb);
        }
        if (FreeVirtualMemoryInKB is { } freevirtualmemoryinkb)
        {
            writer.PropertyName("FreeVirtualMemoryInKB"u8);
            writer.Number(freevirtualmemoryinkb);
        }
    }
}
