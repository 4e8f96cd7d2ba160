using SecurityAgent.Conformance.Tests.Scripts;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Conformance.Tests.Agents;

/// <summary>
/// Turns a raw item into the C# core's typed payload, as a C# collector would build it: text is
/// decoded from UTF-8 with U+FFFD for invalid bytes, enumerations are parsed from their wire text.
/// </summary>
internal static class PayloadFactory
{
    public static PayloadItem Create(EventName name, RawItem raw)
    {
        var f = new Fields(raw);
        PayloadItem item = name switch
        {
            EventName.ProcessCreate => new ProcessCreatePayload
            {
                Executable = f.Text("Executable")!, ProcessId = f.UInt("ProcessId")!.Value,
                ParentProcessId = f.UInt("ParentProcessId")!.Value, UserId = f.Text("UserId")!,
                CommandLine = f.Text("CommandLine")!, UserName = f.Text("UserName"),
            },
            EventName.ProcessTerminate => new ProcessTerminatePayload
            {
                Executable = f.Text("Executable")!, ProcessId = f.UInt("ProcessId")!.Value, ExitStatus = f.Long("ExitStatus")!.Value,
            },
            EventName.ConnectionCreate => new ConnectionCreatePayload
            {
                RemoteAddress = f.Text("RemoteAddress")!, RemotePort = f.Text("RemotePort")!,
                Direction = f.Enum<ConnectionDirection>("Direction")!.Value, Protocol = f.Text("Protocol")!,
                ProcessId = f.UInt("ProcessId")!.Value, Executable = f.Text("Executable")!, LocalAddress = f.Text("LocalAddress"),
                LocalPort = f.Text("LocalPort"), UserId = f.Text("UserId"), CommandLine = f.Text("CommandLine"),
            },
            EventName.Login => new LoginPayload
            {
                ProcessId = f.UInt("ProcessId")!.Value, Operation = f.Text("Operation")!, Executable = f.Text("Executable")!,
                Result = f.Enum<LoginResult>("Result")!.Value, UserId = f.Text("UserId"), UserName = f.Text("UserName"),
                RemoteAddress = f.Text("RemoteAddress"), RemotePort = f.Text("RemotePort"), LocalPort = f.Text("LocalPort"),
            },
            EventName.ListeningPorts => new ListeningPortsPayload
            {
                LocalPort = f.Text("LocalPort")!, Protocol = f.Text("Protocol")!, LocalAddress = f.Text("LocalAddress"),
                RemoteAddress = f.Text("RemoteAddress"), RemotePort = f.Text("RemotePort"),
            },
            EventName.LocalUsers => new LocalUsersPayload
            {
                UserName = f.Text("UserName")!, UserId = f.Text("UserId")!, GroupNames = f.Text("GroupNames")!, GroupIds = f.Text("GroupIds")!,
            },
            EventName.FirewallConfiguration => new FirewallConfigurationPayload
            {
                Enabled = f.Bool("Enabled")!.Value, Action = f.Enum<FirewallAction>("Action")!.Value, Priority = f.UInt("Priority"),
                Direction = f.Enum<ConnectionDirection>("Direction"), ChainName = f.Text("ChainName"), Application = f.Text("Application"),
                SourceAddress = f.Text("SourceAddress"), SourcePort = f.Text("SourcePort"), DestinationAddress = f.Text("DestinationAddress"),
                DestinationPort = f.Text("DestinationPort"), Protocol = f.Text("Protocol"),
            },
            EventName.OSBaseline => new OSBaselinePayload
            {
                Description = f.Text("Description")!, CceId = f.Text("CceId")!, Result = f.Enum<BaselineResult>("Result")!.Value,
                Error = f.Text("Error")!, Severity = f.Enum<BaselineSeverity>("Severity")!.Value,
            },
            EventName.SystemInformation => new SystemInformationPayload
            {
                OSName = f.Text("OSName"), OSVersion = f.Text("OSVersion"), OSVendor = f.Text("OSVendor"),
                OsArchitecture = f.Text("OsArchitecture"), HostName = f.Text("HostName"), BIOSVersion = f.Text("BIOSVersion"),
                BootDevice = f.Text("BootDevice"), TotalPhysicalMemoryInKB = f.ULong("TotalPhysicalMemoryInKB"),
                FreePhysicalMemoryInKB = f.ULong("FreePhysicalMemoryInKB"), TotalVirtualMemoryInKB = f.ULong("TotalVirtualMemoryInKB"),
                FreeVirtualMemoryInKB = f.ULong("FreeVirtualMemoryInKB"),
            },
            _ => throw new ArgumentException($"{name} is not submitted by a collector.", nameof(name)),
        };
        return raw.Details.Count == 0 ? item : item with { ExtraDetails = Details(raw.Details) };
    }

    private static Dictionary<string, string> Details(IReadOnlyList<RawDetail> details)
    {
        // A dictionary keyed by the decoded text; of two equal keys the first is kept, as everywhere (CANONICAL.md §2.1).
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in details)
        {
            result.TryAdd(ManagedAgent.Decode(d.Key), ManagedAgent.Decode(d.Value));
        }

        return result;
    }

    private sealed class Fields(RawItem raw)
    {
        public string? Text(string name) => Find(name)?.Text is { } t ? ManagedAgent.Decode(t) : null;

        public long? Long(string name) => Find(name)?.Integer;

        public uint? UInt(string name) => Find(name)?.Integer is { } v ? checked((uint)v) : null;

        public ulong? ULong(string name) => Find(name)?.Integer is { } v ? checked((ulong)v) : null;

        public bool? Bool(string name) => Find(name)?.Boolean;

        public T? Enum<T>(string name)
            where T : struct, System.Enum =>
            Text(name) is { } t ? System.Enum.Parse<T>(t, ignoreCase: false) : null;

        private RawField? Find(string name) => raw.Fields.LastOrDefault(f => f.Name == name);
    }
}
