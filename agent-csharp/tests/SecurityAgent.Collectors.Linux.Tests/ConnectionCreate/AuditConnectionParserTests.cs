using SecurityAgent.Collectors.Linux.ConnectionCreate;
using SecurityAgent.Collectors.Linux.Tests.Audit;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.ConnectionCreate;

public sealed class AuditConnectionParserTests
{
    private static List<ConnectionCreatePayload> Parse(bool includeLoopback, out int malformed, out AuditConnectionParser sut)
    {
        using var scratch = Fixtures.Scratch();
        sut = new AuditConnectionParser(scratch.FullPath, includeLoopback);
        var parser = sut;
        return [.. AuditLog.Events(Fixtures.Path("ConnectionCreate", "audit.log"), out malformed).Select(e => parser.Parse(e)).OfType<ConnectionCreatePayload>()];
    }

    [Test]
    public void Parse_RecordedStreamWithLoopback_GivesConnectsAndAcceptsOverBothFamilies()
    {
        var items = Parse(includeLoopback: true, out var malformed, out _);
        Assert.That(malformed, Is.EqualTo(2));
        Assert.That(items.Select(i => $"{i.Direction} {i.RemoteAddress} {i.RemotePort} {i.ProcessId}"), Is.EqualTo(new[]
        {
            "Out 127.0.0.1 49735 2773", "In 127.0.0.1 53664 2773", "Out ::1 32887 2773", "In ::1 56344 2773", "Out 127.0.0.1 53 2773",
            "Out 192.0.2.10 443 4100", "In 2001:db8::10 50000 812",
        }));
    }

    [Test]
    public void Parse_NonBlockingConnect_IsReportedWithCommandLineAndUser()
    {
        var item = Parse(includeLoopback: false, out _, out _).Single(i => i.ProcessId == 4100);
        Assert.That(item, Is.EqualTo(new ConnectionCreatePayload
        {
            RemoteAddress = "192.0.2.10",
            RemotePort = "443",
            Direction = ConnectionDirection.Out,
            Protocol = "tcp",
            ProcessId = 4100,
            Executable = "/usr/bin/curl",
            UserId = "1000",
            CommandLine = "curl https://192.0.2.10",
        }));
    }

    [Test]
    public void Parse_DefaultFilter_DropsLoopbackAndCountsIt()
    {
        var items = Parse(includeLoopback: false, out _, out var sut);
        Assert.That(items.Select(i => i.RemoteAddress), Is.EqualTo(new[] { "192.0.2.10", "2001:db8::10" }));
        Assert.That(sut.Loopback, Is.EqualTo(5));
    }

    [Test]
    public void Parse_OtherArchitectures_AreNamedByTheirRecordsArch()
    {
        using var scratch = Fixtures.Scratch();
        var sut = new AuditConnectionParser(scratch.FullPath, includeLoopback: true);
        var items = AuditLog.Events(Fixtures.Path("ConnectionCreate", "audit-arch.log"), out var malformed)
            .Select(sut.Parse).OfType<ConnectionCreatePayload>().ToList();
        Assert.That(malformed, Is.Zero);
        Assert.That(items.Select(i => $"{i.Direction} {i.RemoteAddress} {i.RemotePort} {i.ProcessId}"), Is.EqualTo(new[]
        {
            // i386 on x86-64, recorded: direct connect and accept4, then socketcall connect with accept and with accept4
            "Out 127.0.0.1 53395 31828", "In 127.0.0.1 37920 31828", "Out 127.0.0.1 53395 31828", "In 127.0.0.1 37934 31828",
            "Out 127.0.0.1 53395 31828", "In 127.0.0.1 37940 31828",
            "Out 192.0.2.20 443 5100", "In 192.0.2.21 54321 5101", "In 192.0.2.21 54322 5101",
            "Out 192.0.2.22 80 5200", "In ::ffff:192.0.2.23 54321 5201", "In 192.0.2.23 54322 5201",
            "Out 192.0.2.25 443 5301",
        }));
        Assert.That(items[0].Executable, Is.EqualTo("/usr/local/bin/compat"));
        Assert.That(items[0].CommandLine, Is.EqualTo("/usr/local/bin/compat connect"));
    }

    [Test]
    public void Parse_I386SocketCallConnect_ReadsTheSocketFromTheSocketcallRecord()
    {
        using var scratch = Fixtures.Scratch();
        const string header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
        var fd = Path.Combine(scratch.FullPath, "proc", "31828", "fd");
        Directory.CreateDirectory(fd);
        // SYSCALL a0=3 is the call (SYS_CONNECT); the socket is SOCKETCALL's a0=6. fd 3 is the listener.
        File.CreateSymbolicLink(Path.Combine(fd, "3"), "socket:[900003]");
        File.CreateSymbolicLink(Path.Combine(fd, "6"), "socket:[900006]");
        scratch.Write("proc/31828/net/tcp", header
            + "   0: 0100007F:D093 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 900003 1 0000000000000000 20 4 30 10 -1\n"
            + "   1: 0100007F:942E 0100007F:D093 01 00000000:00000000 00:00000000 00000000     0        0 900006 1 0000000000000000 20 4 30 10 -1\n");
        var sut = new AuditConnectionParser(scratch.FullPath, includeLoopback: true);
        var events = AuditLog.Events(Fixtures.Path("ConnectionCreate", "audit-arch.log"), out _);
        var item = events.Where(e => e[0].Serial == 811071).Select(sut.Parse).Single();
        Assert.That((item!.Direction, item.LocalAddress, item.LocalPort), Is.EqualTo((ConnectionDirection.Out, "127.0.0.1", "37934")));
        var withoutSocketcall = events.Where(e => e[0].Serial == 912).Select(sut.Parse).Single();
        Assert.That((withoutSocketcall!.RemoteAddress, withoutSocketcall.LocalPort), Is.EqualTo(("192.0.2.25", (string?)null)));
    }

    [TestCase("0200")]
    [TestCase("02000050C000")]
    [TestCase("0100414243")]
    [TestCase("0A000050")]
    [TestCase("ZZ")]
    public void TryDecode_BadOrOtherFamily_IsRejected(string hex) =>
        Assert.That(SocketAddress.TryDecode(hex, out _, out _), Is.False);
}
