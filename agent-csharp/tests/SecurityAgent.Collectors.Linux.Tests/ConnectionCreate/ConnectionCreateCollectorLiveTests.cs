using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SecurityAgent.Collectors.Linux.ConnectionCreate;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.ConnectionCreate;

/// <summary>
/// Real audit netlink on this machine. The kernel never audits the audit daemon itself, and this
/// test process is the daemon, so the connections are made by child processes (bash's /dev/tcp).
/// </summary>
[NonParallelizable]
public sealed class ConnectionCreateCollectorLiveTests
{
    [TestCase("127.0.0.1")]
    [TestCase("::1")]
    public async Task RunAsync_LoopbackConnectFromChild_IsSeenOutAndAcceptedIn(string host)
    {
        using var context = new TestCollectorContext();
        using var stop = new CancellationTokenSource();
        var run = new ConnectionCreateCollector(new ConnectionCreateOptions { IncludeLoopback = true }).RunAsync(context, stop.Token);
        Assert.That(await TestCollectorContext.EventuallyAsync(() => context.Reports.Count > 0), Is.True);
        Assert.That(context.Reports[0].Message, Does.Contain("audit netlink"), context.Reports[0].Message);
        uint clientPid;
        int port;
        try
        {
        await Task.Delay(300);

        // The server is a child too: bash cannot listen, so a second child accepts through the
        // listener's duplicated file descriptor, which is audited as its accept.
        using var listener = new TcpListener(IPAddress.Parse(host), 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", $"exec 3<>/dev/tcp/{host}/{port}; sleep 1"]) { UseShellExecute = false })!;
        clientPid = (uint)client.Id;
        await client.WaitForExitAsync();
        Assert.That(await TestCollectorContext.EventuallyAsync(() =>
            context.Items<ConnectionCreatePayload>().Any(c => c.ProcessId == clientPid)), Is.True);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
        var item = context.Items<ConnectionCreatePayload>().First(c => c.ProcessId == clientPid);
        Assert.That(item.Direction, Is.EqualTo(ConnectionDirection.Out));
        Assert.That(item.RemoteAddress, Is.EqualTo(host));
        Assert.That(item.RemotePort, Is.EqualTo(port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(item.Protocol, Is.EqualTo("tcp"));
        Assert.That(item.Executable, Does.EndWith("bash"));
        Assert.That(item.UserId, Is.EqualTo("0"));
        Assert.That(item.LocalAddress, Is.EqualTo(host));
        Assert.That(item.LocalPort, Is.Not.Null);
    }

    [Test]
    public async Task RunAsync_AcceptInChild_IsSeenIn()
    {
        using var context = new TestCollectorContext();
        using var stop = new CancellationTokenSource();
        var run = new ConnectionCreateCollector(new ConnectionCreateOptions { IncludeLoopback = true }).RunAsync(context, stop.Token);
        Assert.That(await TestCollectorContext.EventuallyAsync(() => context.Reports.Count > 0), Is.True);
        try
        {
        await Task.Delay(300);
        using var server = Process.Start(new ProcessStartInfo("python3", ["-c",
            "import socket,sys,time\ns=socket.socket(socket.AF_INET6);s.bind(('::1',0));s.listen()\nprint(s.getsockname()[1],flush=True)\nc,_=s.accept();time.sleep(1)"])
        { UseShellExecute = false, RedirectStandardOutput = true })!;
        var port = int.Parse((await server.StandardOutput.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        using (var client = new TcpClient(AddressFamily.InterNetworkV6))
        {
            await client.ConnectAsync(IPAddress.IPv6Loopback, port);
            var clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(await TestCollectorContext.EventuallyAsync(() =>
                context.Items<ConnectionCreatePayload>().Any(c => c.ProcessId == (uint)server.Id)), Is.True,
                string.Join("\n", context.Items<ConnectionCreatePayload>().Select(c => c.ToString())) + " server " + server.Id);
            var item = context.Items<ConnectionCreatePayload>().First(c => c.ProcessId == (uint)server.Id);
            Assert.That((item.Direction, item.RemoteAddress, item.RemotePort), Is.EqualTo((ConnectionDirection.In, "::1", clientPort)));
            Assert.That(item.LocalPort, Is.EqualTo(port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        await server.WaitForExitAsync();
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    /// <summary>
    /// A 32-bit x86 program (built here with gcc -m32) connects and accepts over loopback three
    /// ways: connect (362) and accept4 (364) as direct calls, then through socketcall (102) with
    /// accept and with accept4. On an x86-64 kernel its calls carry arch i386, whatever this
    /// agent's own architecture: the rules and the names follow the kernel's arches.
    /// </summary>
    [Test]
    public async Task RunAsync_I386ProcessConnects_AreSeenThroughDirectCallsAndSocketcall()
    {
        using var scratch = Fixtures.Scratch();
        var client = Path.Combine(scratch.FullPath, "audit_compat_client");
        var source = Path.Combine(AppContext.BaseDirectory, "compat", "audit_compat_client.c");
        using (var gcc = Process.Start(new ProcessStartInfo("gcc", ["-m32", "-O2", "-o", client, source])
        { UseShellExecute = false, RedirectStandardError = true })!)
        {
            await gcc.WaitForExitAsync();
            if (gcc.ExitCode != 0)
            {
                Assert.Ignore("no gcc -m32 here: " + await gcc.StandardError.ReadToEndAsync());
            }
        }
        using var context = new TestCollectorContext();
        using var stop = new CancellationTokenSource();
        var run = new ConnectionCreateCollector(new ConnectionCreateOptions { IncludeLoopback = true }).RunAsync(context, stop.Token);
        Assert.That(await TestCollectorContext.EventuallyAsync(() => context.Reports.Count > 0), Is.True);
        Assert.That(context.Reports[0].Message, Does.Contain("audit netlink"), context.Reports[0].Message);
        try
        {
            await Task.Delay(300);
            using var compat = Process.Start(new ProcessStartInfo(client, ["connect"])
            { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true })!;
            var pid = (uint)compat.Id;
            var expected = new List<(ConnectionDirection, string, string)>();
            for (var i = 0; i < 3; i++)
            {
                var line = await compat.StandardOutput.ReadLineAsync();
                Assert.That(line, Is.Not.Null, "the 32-bit client did not run (a kernel without IA32 emulation?)");
                var parts = line!.Split(' ');
                expected.Add((ConnectionDirection.Out, parts[1], parts[2]));
                expected.Add((ConnectionDirection.In, parts[2], parts[1]));
            }
            List<(ConnectionDirection, string, string?)> Seen() =>
            [
                .. context.Items<ConnectionCreatePayload>().Where(c => c.ProcessId == pid)
                    .Select(c => (c.Direction, c.RemotePort, c.LocalPort)),
            ];
            var arrived = await TestCollectorContext.EventuallyAsync(() => Seen().Count >= 6);
            compat.StandardInput.Close();
            await compat.WaitForExitAsync();
            Assert.That(arrived, Is.True, string.Join("; ", Seen()));
            // remote port and local port of each; the socketcall connects' local side comes from their SOCKETCALL record
            Assert.That(Seen(), Is.EquivalentTo(expected.Select(e => (e.Item1, e.Item2, (string?)e.Item3))));
            Assert.That(context.Items<ConnectionCreatePayload>().Where(c => c.ProcessId == pid).Select(c => c.Executable),
                Is.All.EqualTo(client));
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }
}
