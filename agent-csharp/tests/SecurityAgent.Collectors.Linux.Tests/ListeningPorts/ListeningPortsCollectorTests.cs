using System.Net;
using System.Net.Sockets;
using SecurityAgent.Collectors.Linux.ListeningPorts;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.ListeningPorts;

public sealed class ListeningPortsCollectorTests
{
    private static ListeningPortsCollector CreateSut() => new(Fixtures.Path("ListeningPorts", "root"));

    [Test]
    public void Snapshot_FixtureTree_KeepsOnlyListeningTcpAndUnconnectedUdp()
    {
        var sut = CreateSut();
        var items = sut.Snapshot();
        Assert.That(items.Select(i => $"{i.Protocol} {i.LocalAddress} {i.LocalPort}"), Is.EqualTo(new[]
        {
            "tcp 0.0.0.0 22", "tcp 127.0.0.1 631", "tcp6 :: 22", "tcp6 ::1 8080", "tcp6 2001:db8::1 443", "udp 0.0.0.0 68",
        }));
        Assert.That(sut.Malformed, Is.EqualTo(2));
    }

    [Test]
    public void Snapshot_FixtureTree_NamesOwnersFromFdLinks()
    {
        var items = CreateSut().Snapshot();
        Assert.That(items[0].ExtraDetails, Is.EqualTo(new Dictionary<string, string> { ["Pid"] = "812", ["Executable"] = "/usr/sbin/sshd" }));
        Assert.That(items[2].ExtraDetails?["Pid"], Is.EqualTo("812"));
        Assert.That(items[5].ExtraDetails?["Executable"], Is.EqualTo("/usr/sbin/dhclient"));
        Assert.That(items[1].ExtraDetails, Is.Null);
    }

    [TestCase("0100007F:0016", "127.0.0.1", 22)]
    [TestCase("00000000000000000000000001000000:0050", "::1", 80)]
    [TestCase("0000000000000000FFFF00000100007F:83D6", "::ffff:127.0.0.1", 33750)]
    public void TryParseEndpoint_KernelHex_GivesCanonicalAddress(string text, string address, int port)
    {
        Assert.That(ProcNetParser.TryParseEndpoint(text, out var a, out var p), Is.True);
        Assert.That((Linux.Net.AddressText.Canonical(a), p), Is.EqualTo((address, port)));
    }

    [TestCase("")]
    [TestCase("0100007F")]
    [TestCase("0100007F:16")]
    [TestCase("0100007G:0016")]
    [TestCase("01000:0016")]
    public void TryParseEndpoint_Malformed_IsRejected(string text) =>
        Assert.That(ProcNetParser.TryParseEndpoint(text, out _, out _), Is.False);

    [Test]
    public void Snapshot_LiveListenerOnLoopback_IsFoundWithThisProcessAsOwner()
    {
        using var v4 = new TcpListener(IPAddress.Loopback, 0);
        using var v6 = new TcpListener(IPAddress.IPv6Loopback, 0);
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        v4.Start();
        v6.Start();
        var sut = new ListeningPortsCollector();
        var items = sut.Snapshot();
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string Port(EndPoint e) => ((IPEndPoint)e).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(items, Has.Some.Matches<ListeningPortsPayload>(i => i!.Protocol == "tcp" && i.LocalAddress == "127.0.0.1"
            && i.LocalPort == Port(v4.LocalEndpoint) && i.ExtraDetails != null && i.ExtraDetails["Pid"] == self));
        Assert.That(items, Has.Some.Matches<ListeningPortsPayload>(i => i!.Protocol == "tcp6" && i.LocalAddress == "::1" && i.LocalPort == Port(v6.LocalEndpoint)));
        Assert.That(items, Has.Some.Matches<ListeningPortsPayload>(i => i!.Protocol == "udp" && i.LocalPort == Port(udp.Client.LocalEndPoint!)));
    }

    [Test]
    public void Snapshot_LiveConnectedSocket_IsNotListed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        client.Connect((IPEndPoint)listener.LocalEndpoint);
        var clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var items = new ListeningPortsCollector().Snapshot();
        Assert.That(items.Where(i => i.Protocol == "tcp" && i.LocalPort == clientPort), Is.Empty);
    }
}
