using System.Globalization;
using SecurityAgent.Collectors.Linux.Audit;
using SecurityAgent.Collectors.Linux.ListeningPorts;
using SecurityAgent.Collectors.Linux.Net;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.ConnectionCreate;

/// <summary>
/// Turns one audit event (SYSCALL + SOCKADDR [+ SOCKETCALL] [+ PROCTITLE]) of connect, accept or
/// accept4 into a ConnectionCreate item: connect is Out (successful, or in progress on a
/// non-blocking socket), accept is In. The call is named by the record's own arch= and syscall=
/// (a 32-bit process on a 64-bit kernel has other numbers), an i386 socketcall by its a0= call.
/// The socket's fd (connect's first argument: a0, or a0 of the SOCKETCALL record for a
/// socketcall; accept's return value) names its protocol and local address through
/// /proc/&lt;pid&gt;/fd and /proc/&lt;pid&gt;/net when the process is still there.
/// </summary>
internal sealed class AuditConnectionParser
{
    private const string InProgress = "-115";
    private readonly string _procPath;
    private readonly bool _includeLoopback;

    /// <summary>Creates a parser over <paramref name="root"/>/proc.</summary>
    public AuditConnectionParser(string root, bool includeLoopback)
    {
        _procPath = Path.Combine(root, "proc");
        _includeLoopback = includeLoopback;
    }

    /// <summary>Events skipped as loopback.</summary>
    public long Loopback { get; private set; }

    /// <summary>The item of <paramref name="records"/>, or null when it is not a reportable connection.</summary>
    public ConnectionCreatePayload? Parse(IReadOnlyList<AuditRecord> records)
    {
        AuditRecord? syscall = null, sockaddr = null, proctitle = null, socketcall = null;
        foreach (var r in records)
        {
            switch (r.Type)
            {
                case AuditRecordType.Syscall: syscall = r; break;
                case AuditRecordType.Sockaddr: sockaddr = r; break;
                case AuditRecordType.Proctitle: proctitle = r; break;
                case AuditRecordType.Socketcall: socketcall = r; break;
            }
        }
        if (syscall is null || sockaddr is null
            || !uint.TryParse(syscall["pid"], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !SocketAddress.TryDecode(sockaddr["saddr"] ?? string.Empty, out var remote, out var remotePort))
        {
            return null;
        }
        var name = AuditSyscall.NameOf(syscall["arch"], syscall["syscall"], syscall["a0"], out var socketCall);
        var direction = name switch
        {
            "connect" => ConnectionDirection.Out,
            "accept" or "accept4" => ConnectionDirection.In,
            _ => (ConnectionDirection?)null,
        };
        var succeeded = syscall["success"] == "yes" || (direction == ConnectionDirection.Out && syscall["exit"] == InProgress);
        if (direction is null || !succeeded)
        {
            return null;
        }
        if (!_includeLoopback && AddressText.IsLoopback(remote))
        {
            Loopback++;
            return null;
        }
        var fdText = direction == ConnectionDirection.Out ? (socketCall ? socketcall?["a0"] : syscall["a0"]) : syscall["exit"];
        var local = LocalSide(pid, direction == ConnectionDirection.Out
            ? (int.TryParse(fdText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var a0) ? a0 : -1)
            : (int.TryParse(fdText, NumberStyles.None, CultureInfo.InvariantCulture, out var fd) ? fd : -1));
        var exe = syscall["exe"];
        var commandLine = proctitle?["proctitle"] is { } title ? AuditRecordParser.DecodeHex(title) : null;
        return new ConnectionCreatePayload
        {
            RemoteAddress = AddressText.Canonical(remote),
            RemotePort = AddressText.Port(remotePort),
            Direction = direction.Value,
            Protocol = local?.Protocol ?? (direction == ConnectionDirection.In ? "tcp" : "tcp"),
            ProcessId = pid,
            Executable = string.IsNullOrEmpty(exe) || exe == "(null)" ? "[unknown]" : AuditRecordParser.DecodeHex(exe),
            LocalAddress = local?.Address,
            LocalPort = local?.Port,
            UserId = syscall["uid"],
            CommandLine = commandLine,
        };
    }

    private (string Protocol, string Address, string Port)? LocalSide(uint pid, int fd)
    {
        if (fd < 0)
        {
            return null;
        }
        try
        {
            var pidDir = Path.Combine(_procPath, pid.ToString(CultureInfo.InvariantCulture));
            var link = new FileInfo(Path.Combine(pidDir, "fd", fd.ToString(CultureInfo.InvariantCulture))).LinkTarget;
            if (link is null || !link.StartsWith("socket:[", StringComparison.Ordinal)
                || !ulong.TryParse(link.AsSpan(8, link.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                return null;
            }
            foreach (var table in (string[])["tcp", "tcp6", "udp", "udp6"])
            {
                var rows = ProcNetParser.Parse(File.ReadAllText(Path.Combine(pidDir, "net", table)), out _);
                foreach (var row in rows)
                {
                    if (row.Inode == inode)
                    {
                        return (table.TrimEnd('6'), AddressText.Canonical(row.LocalAddress), AddressText.Port(row.LocalPort));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }
}
