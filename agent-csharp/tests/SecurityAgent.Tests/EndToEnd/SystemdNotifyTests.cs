using System.Net.Sockets;
using System.Text;
using SecurityAgent.Tests.Support;

namespace SecurityAgent.Tests.EndToEnd;

/// <summary>
/// Type=notify as systemd sees it: the agent finds NOTIFY_SOCKET and sends READY=1 once started
/// and STOPPING=1 on SIGTERM. The test plays systemd's part with a real datagram socket.
/// </summary>
[NonParallelizable]
[Platform(Exclude = "Win")]
public sealed class SystemdNotifyTests
{
    [Test]
    public async Task Run_WithNotifySocket_SendsReadyThenStoppingAndExitsCleanly()
    {
        await using var harness = await AgentHubHarness.StartAsync();
        using var folder = new TempFolder("notify-");
        var socketPath = Path.Combine(folder.Path, "notify.sock");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(socketPath));

        using var agent = AgentProcess.Start(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath },
            "run", "--config", harness.ConfigFile, "--status-interval", "0", "--collectors", AgentHubHarness.SnapshotCollectors);
        var ready = await ReceiveAsync(systemd);
        await agent.TerminateAsync(TimeSpan.FromSeconds(60));
        var stopping = await ReceiveAsync(systemd);

        Assert.That(ready, Is.EqualTo("READY=1"));
        Assert.That(stopping, Is.EqualTo("STOPPING=1"));
        Assert.That(agent.ExitCode, Is.Zero, agent.Output);
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, received);
    }
}
