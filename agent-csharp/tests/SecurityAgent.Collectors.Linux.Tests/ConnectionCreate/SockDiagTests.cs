using SecurityAgent.Collectors.Linux.ConnectionCreate;
using SecurityAgent.Collectors.Linux.Proc;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.ConnectionCreate;

public sealed class SockDiagTests
{
    private static (List<InetDiagSocket> Sockets, long Malformed, bool Done) ParseFixture()
    {
        var sockets = new List<InetDiagSocket>();
        long malformed = 0;
        var done = InetDiagParser.Parse(File.ReadAllBytes(Fixtures.Path("ConnectionCreate", "inet-diag.bin")), sockets, ref malformed);
        return (sockets, malformed, done);
    }

    [Test]
    public void Parse_RecordedDump_ListenersAndBothEndsOfEachConnection()
    {
        var (sockets, malformed, done) = ParseFixture();
        Assert.That(done, Is.True);
        Assert.That(malformed, Is.EqualTo(1), "the truncated message at the end");
        Assert.That(sockets.Where(s => s.State == 10).Select(s => (s.LocalAddress.ToString(), s.LocalPort)),
            Is.EquivalentTo(new[] { ("127.0.0.1", 47001), ("::1", 47002) }));
        var established = sockets.Where(s => s.State == 1).ToList();
        Assert.That(established, Has.Count.EqualTo(4));
        Assert.That(established.Count(s => s.LocalPort == 47001 || s.LocalPort == 47002), Is.EqualTo(2), "the accepted ends");
        Assert.That(established.Count(s => s.RemotePort == 47001 || s.RemotePort == 47002), Is.EqualTo(2), "the client ends");
        Assert.That(established.All(s => s.Inode != 0 && s.UserId == 0), Is.True);
    }

    [Test]
    public void Diff_NewEstablishedSockets_InForListeningPortOutOtherwise()
    {
        var sockets = ParseFixture().Sockets;
        var poller = new SockDiagPoller(new ProcFileSystem(Fixtures.Path("ConnectionCreate", "no-root")), includeLoopback: true);
        Assert.That(poller.Diff(sockets.Where(s => s.State == 10).ToList()), Is.Empty, "the first snapshot is the baseline");
        var items = poller.Diff(sockets);
        Assert.That(items.Select(i => (i.Direction, i.LocalPort == "47001" || i.LocalPort == "47002" ? "server" : "client")),
            Is.EquivalentTo(new[] { (ConnectionDirection.In, "server"), (ConnectionDirection.In, "server"), (ConnectionDirection.Out, "client"), (ConnectionDirection.Out, "client") }));
        Assert.That(items.All(i => i.Protocol == "tcp" && i.Executable == "[unknown]" && i.ExtraDetails!["Source"] == "sock_diag"), Is.True);
        Assert.That(items.Select(i => i.RemoteAddress).Distinct(), Is.EquivalentTo(new[] { "127.0.0.1", "::1" }));
        Assert.That(poller.Diff(sockets), Is.Empty, "seen already");
    }

    [Test]
    public void Diff_LoopbackExcluded_NothingReported()
    {
        var sockets = ParseFixture().Sockets;
        var poller = new SockDiagPoller(new ProcFileSystem(Fixtures.Path("ConnectionCreate", "no-root")), includeLoopback: false);
        poller.Diff([]);
        Assert.That(poller.Diff(sockets), Is.Empty);
    }
}
