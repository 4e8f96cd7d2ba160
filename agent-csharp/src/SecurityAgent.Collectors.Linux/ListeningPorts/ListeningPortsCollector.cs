using System.Globalization;
using SecurityAgent.Collectors.Linux.Net;
using SecurityAgent.Collectors.Linux.Proc;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.ListeningPorts;

/// <summary>
/// ListeningPorts: listening TCP sockets and bound, unconnected UDP sockets (not every socket), from
/// /proc/net/{tcp,tcp6,udp,udp6}, each with its owning process from /proc/&lt;pid&gt;/fd.
/// </summary>
/// <remarks>Reads /proc/net unprivileged; naming the owner of another user's socket needs CAP_SYS_PTRACE.</remarks>
public sealed class ListeningPortsCollector : SnapshotCollector, ICollectorStatistics
{
    private const int TcpListen = 0x0A;
    private const int Close = 0x07;
    private static readonly string[] Tables = ["tcp", "tcp6", "udp", "udp6"];
    private readonly ProcFileSystem _proc;
    private long _malformedTotal;

    /// <summary>Creates the collector over <paramref name="root"/> (a fixture tree in tests).</summary>
    public ListeningPortsCollector(string root = "/")
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _proc = new ProcFileSystem(root);
    }

    /// <inheritdoc/>
    long ICollectorStatistics.Overflows => 0;

    /// <inheritdoc/>
    long ICollectorStatistics.Malformed => Interlocked.Read(ref _malformedTotal);

    /// <inheritdoc/>
    long ICollectorStatistics.KernelLost => 0;

    /// <inheritdoc/>
    long ICollectorStatistics.Incomplete => 0;

    /// <inheritdoc/>
    bool ICollectorStatistics.SharesAuditCounters => false;

    /// <inheritdoc/>
    public override string Name => "ListeningPorts";

    /// <inheritdoc/>
    protected override EventName EventName => EventName.ListeningPorts;

    /// <summary>Rows skipped as malformed by the last snapshot.</summary>
    public int Malformed { get; private set; }

    /// <summary>Reads one snapshot.</summary>
    internal IReadOnlyList<ListeningPortsPayload> Snapshot()
    {
        var found = new List<(string Table, ProcNetRow Row)>();
        var malformed = 0;
        foreach (var table in Tables)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(_proc.ProcPath, "net", table));
            }
            catch (FileNotFoundException)
            {
                continue; // no IPv6 on this host
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }
            var rows = ProcNetParser.Parse(text, out var bad);
            malformed += bad;
            var udp = table.StartsWith('u');
            foreach (var row in rows)
            {
                if (udp ? row.State == Close && row.RemotePort == 0 : row.State == TcpListen)
                {
                    found.Add((table, row));
                }
            }
        }
        Malformed = malformed;
        Interlocked.Add(ref _malformedTotal, malformed);
        var owners = SocketOwners.Find(_proc, found.Select(f => f.Row.Inode).ToHashSet());
        var items = new List<ListeningPortsPayload>(found.Count);
        foreach (var (table, row) in found)
        {
            Dictionary<string, string>? extra = null;
            if (owners.TryGetValue(row.Inode, out var pid))
            {
                extra = new Dictionary<string, string>(StringComparer.Ordinal) { ["Pid"] = pid.ToString(CultureInfo.InvariantCulture) };
                if (_proc.ReadExecutable(pid) is { } exe)
                {
                    extra["Executable"] = exe;
                }
            }
            items.Add(new ListeningPortsPayload
            {
                LocalPort = AddressText.Port(row.LocalPort),
                Protocol = table,
                LocalAddress = AddressText.Canonical(row.LocalAddress),
                ExtraDetails = extra,
            });
        }
        return items;
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<PayloadItem> Collect() => Snapshot();
}
