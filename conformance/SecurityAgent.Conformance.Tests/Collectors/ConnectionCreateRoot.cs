namespace SecurityAgent.Conformance.Tests.Collectors;

/// <summary>
/// A scratch root for the recorded ConnectionCreate streams (fixtures/linux/ConnectionCreate):
/// /proc of pid 2773 (the recorded python3) and 812 (sshd) with real fd symlinks, which the
/// audit parser reads as links only, so a fixture tree of plain files cannot stand in. pid 2773
/// names the socket of its first connect (tcp) and of its accepts (tcp6), and owns one socket
/// of the recorded inet_diag dump; pid 812 has no tcp6 table, so its search ends unread.
/// </summary>
internal sealed class ConnectionCreateRoot : IDisposable
{
    private const string Header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    public ConnectionCreateRoot()
    {
        FullPath = Directory.CreateTempSubdirectory("sa-connection-root-").FullName;
        var python = Pid(2773);
        File.CreateSymbolicLink(Path.Combine(python, "fd", "4"), "socket:[777001]");
        File.CreateSymbolicLink(Path.Combine(python, "fd", "5"), "socket:[777002]");
        File.CreateSymbolicLink(Path.Combine(python, "fd", "20"), "socket:[892868]");
        File.CreateSymbolicLink(Path.Combine(python, "exe"), "/usr/bin/python3.11");
        File.WriteAllText(Path.Combine(python, "status"), "Name:\tpython3\nPPid:\t2728\nUid:\t0\t0\t0\t0\n");
        File.WriteAllText(Path.Combine(python, "cmdline"), "python3\0-c\0import socket\0");
        File.WriteAllText(Path.Combine(python, "net", "tcp"), Header
            + "   0: 0100007F:C351 0100007F:C247 01 00000000:00000000 00:00000000 00000000     0        0 777001 1 0000000000000000 20 4 30 10 -1\n");
        File.WriteAllText(Path.Combine(python, "net", "tcp6"), Header
            + "   0: 00000000000000000000000001000000:B79A 00000000000000000000000001000000:DC18 01 00000000:00000000 00:00000000 00000000     0        0 777002 1 0000000000000000 20 4 30 10 -1\n");
        File.WriteAllText(Path.Combine(python, "net", "udp"), Header);
        File.WriteAllText(Path.Combine(python, "net", "udp6"), Header);
        // pid 31828 (the recorded i386 program of audit-arch.log): fd 3 its listener, fd 6 the
        // socket of its socketcall connect, named by the SOCKETCALL record's a0 (SYSCALL's a0 is the call)
        var compat = Pid(31828);
        File.CreateSymbolicLink(Path.Combine(compat, "fd", "3"), "socket:[777010]");
        File.CreateSymbolicLink(Path.Combine(compat, "fd", "6"), "socket:[777011]");
        File.WriteAllText(Path.Combine(compat, "net", "tcp"), Header
            + "   0: 0100007F:D093 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777010 1 0000000000000000 20 4 30 10 -1\n"
            + "   1: 0100007F:942E 0100007F:D093 01 00000000:00000000 00:00000000 00000000     0        0 777011 1 0000000000000000 20 4 30 10 -1\n");
        var sshd = Pid(812);
        File.CreateSymbolicLink(Path.Combine(sshd, "fd", "9"), "socket:[777003]");
        File.WriteAllText(Path.Combine(sshd, "net", "tcp"), Header);
    }

    public string FullPath { get; }

    public void Dispose() => Directory.Delete(FullPath, recursive: true);

    private string Pid(int pid)
    {
        var dir = Path.Combine(FullPath, "proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(dir, "fd"));
        Directory.CreateDirectory(Path.Combine(dir, "net"));
        return dir;
    }
}
