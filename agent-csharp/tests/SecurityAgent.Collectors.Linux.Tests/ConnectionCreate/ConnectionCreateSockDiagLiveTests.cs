using System.Net;
using System.Net.Sockets;
using SecurityAgent.Collectors.Linux.ConnectionCreate;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.ConnectionCreate;

[NonParallelizable]
public sealed class ConnectionCreateSockDiagLiveTests
{
    [Test]
    public async Task RunAsync_SockDiagLoopbackConnection_SeenOutAndIn()
    {
        using var context = new TestCollectorContext();
        using var stop = new CancellationTokenSource();
        var collector = new ConnectionCreateCollector(new ConnectionCreateOptions
        {
            Source = ConnectionSource.SockDiag,
            IncludeLoopback = true,
            SockDiagInterval = TimeSpan.FromMilliseconds(200),
        });
        var run = collector.RunAsync(context, stop.Token);
        try
        {
            Assert.That(await TestCollectorContext.EventuallyAsync(() => context.Reports.Count > 0), Is.True);
            await Task.Delay(500); // the baseline snapshot
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var client = new TcpClient(AddressFamily.InterNetwork);
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            using var server = await listener.AcceptTcpClientAsync();
            Assert.That(await TestCollectorContext.EventuallyAsync(() =>
                context.Items<ConnectionCreatePayload>().Count(c => c.RemotePort == port || c.LocalPort == port) >= 2), Is.True);
            var items = context.Items<ConnectionCreatePayload>().ToList();
            var outgoing = items.Single(c => c.RemotePort == port);
            Assert.That((outgoing.Direction, outgoing.RemoteAddress, outgoing.ProcessId), Is.EqualTo((ConnectionDirection.Out, "127.0.0.1", (uint)Environment.ProcessId)));
            Assert.That(outgoing.Executable, Does.EndWith("dotnet").Or.EndWith("testhost"));
            var incoming = items.Single(c => c.LocalPort == port);
            Assert.That(incoming.Direction, Is.EqualTo(ConnectionDirection.In));
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }
}
