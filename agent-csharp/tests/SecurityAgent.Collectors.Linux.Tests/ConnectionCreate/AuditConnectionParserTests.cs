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

    [TestCase("0200")]
    [TestCase("02000050C000")]
    [TestCase("0100414243")]
    [TestCase("0A000050")]
    [TestCase("ZZ")]
    public void TryDecode_BadOrOtherFamily_IsRejected(string hex) =>
        Assert.That(SocketAddress.TryDecode(hex, out _, out _), Is.False);
}
