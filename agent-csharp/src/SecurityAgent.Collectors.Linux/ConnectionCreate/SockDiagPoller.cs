using SecurityAgent.Collectors.Linux.Interop;
using SecurityAgent.Collectors.Linux.ListeningPorts;
using SecurityAgent.Collectors.Linux.Net;
using SecurityAgent.Collectors.Linux.Proc;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.ConnectionCreate;

/// <summary>
/// The fallback source of ConnectionCreate: inet_diag snapshots of established TCP sockets, each
/// diffed against the one before; a socket not seen before is a new connection, In when its local
/// port is listening, Out otherwise. Connections shorter than the interval are missed, and the
/// owning process is named only while it holds the socket.
/// </summary>
/// <remarks>Not thread-safe: one loop polls. Needs no privilege for the dump; naming other users' processes needs CAP_SYS_PTRACE.</remarks>
internal sealed class SockDiagPoller
{
    private const int NetlinkSockDiag = 4;
    private const int Established = 1;
    private const int Listen = 10;
    private readonly ProcFileSystem _proc;
    private readonly bool _includeLoopback;
    private HashSet<(ulong, int)>? _seen;
    private uint _seq;

    /// <summary>Creates a poller; <paramref name="proc"/> names the owners.</summary>
    public SockDiagPoller(ProcFileSystem proc, bool includeLoopback)
    {
        _proc = proc;
        _includeLoopback = includeLoopback;
    }

    /// <summary>Dump messages that could not be parsed.</summary>
    public long Malformed { get; private set; }

    /// <summary>Dumps the sockets now (established and listening TCP, IPv4 and IPv6).</summary>
    /// <exception cref="IOException">sock_diag netlink was refused.</exception>
    public List<InetDiagSocket> Dump()
    {
        var error = NetlinkSocket.TryOpen(NetlinkSockDiag, 0, 1 << 20, out var socket);
        if (error != 0)
        {
            throw new IOException($"sock_diag netlink refused (errno {error})");
        }
        using (socket)
        {
            var sockets = new List<InetDiagSocket>();
            Span<byte> request = stackalloc byte[72];
            var buffer = new byte[32 << 10];
            foreach (var family in (ReadOnlySpan<byte>)[2, 10])
            {
                InetDiagParser.WriteRequest(request, family, (1u << Established) | (1u << Listen), ++_seq);
                if (socket!.Send(request) != 0)
                {
                    throw new IOException("sock_diag request refused");
                }
                var done = false;
                for (var idle = 0; !done && idle < 10;)
                {
                    var n = socket.Receive(buffer);
                    if (n <= 0)
                    {
                        idle++;
                        continue;
                    }
                    long malformed = 0;
                    done = InetDiagParser.Parse(buffer.AsSpan(0, n), sockets, ref malformed);
                    Malformed += malformed;
                }
            }
            return sockets;
        }
    }

    /// <summary>Diffs <paramref name="sockets"/> against the last call; the first call is the baseline and yields nothing.</summary>
    public List<ConnectionCreatePayload> Diff(List<InetDiagSocket> sockets)
    {
        var listening = sockets.Where(s => s.State == Listen).Select(s => s.LocalPort).ToHashSet();
        var established = sockets.Where(s => s.State == Established).ToList();
        var now = established.Select(Key).ToHashSet();
        var items = new List<ConnectionCreatePayload>();
        if (_seen is not null)
        {
            var fresh = established.Where(s => !_seen.Contains(Key(s))
                && (_includeLoopback || !AddressText.IsLoopback(s.RemoteAddress))).ToList();
            var owners = fresh.Count > 0 ? SocketOwners.Find(_proc, fresh.Select(s => s.Inode).ToHashSet()) : [];
            foreach (var s in fresh)
            {
                var pid = owners.GetValueOrDefault(s.Inode);
                var info = pid != 0 ? _proc.Read(pid) : null;
                items.Add(new ConnectionCreatePayload
                {
                    RemoteAddress = AddressText.Canonical(s.RemoteAddress),
                    RemotePort = AddressText.Port(s.RemotePort),
                    Direction = listening.Contains(s.LocalPort) ? ConnectionDirection.In : ConnectionDirection.Out,
                    Protocol = "tcp",
                    ProcessId = pid,
                    Executable = info?.Executable ?? "[unknown]",
                    LocalAddress = AddressText.Canonical(s.LocalAddress),
                    LocalPort = AddressText.Port(s.LocalPort),
                    UserId = s.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    CommandLine = info?.CommandLine is { Length: > 0 } commandLine ? commandLine : null,
                    ExtraDetails = new Dictionary<string, string>(StringComparer.Ordinal) { ["Source"] = "sock_diag" },
                });
            }
        }
        _seen = now;
        return items;
    }

    private static (ulong, int) Key(InetDiagSocket s) => (s.Inode, s.LocalPort);
}
