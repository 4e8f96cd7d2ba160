using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using SecurityAgent.IotHub.Client;
using SecurityAgent.IotHub.ConnectionStrings;
using SecurityAgent.IotHub.Messaging;
using SecurityAgent.IotHub.Tests.Support;
using SecurityAgent.LocalHub.Certificates;

namespace SecurityAgent.IotHub.Tests.EndToEnd;

/// <summary>
/// The client against a real mosquitto broker (Debian package <c>mosquitto</c>) on a loopback TLS
/// port with its own generated certificates: proof that it speaks plain MQTT 3.1.1, not only to the local hub.
/// </summary>
public class MosquittoInteropTests
{
    private const string MosquittoPath = "/usr/sbin/mosquitto";

    [Test]
    public async Task SendSecurityMessage_ToMosquitto_PubackAndTopicCarriesPropertyBag()
    {
        if (!File.Exists(MosquittoPath))
        {
            Assert.Ignore("mosquitto is not installed (build/apt-packages.txt lists it).");
        }

        using var folder = new TempDirectory();
        using (HubCertificates.LoadOrCreate(folder.Path, "localhost", TimeProvider.System))
        {
        }

        var serverPfx = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(folder.Path, "server.pfx"), null, X509KeyStorageFlags.Exportable);
        File.WriteAllText(Path.Combine(folder.Path, "server.pem"), serverPfx.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder.Path, "server.key"), serverPfx.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var port = FreePort();
        var config = Path.Combine(folder.Path, "mosquitto.conf");
        File.WriteAllText(config, $"""
            user {Environment.UserName}
            persistence false
            log_dest stderr
            listener {port} 127.0.0.1
            cafile {Path.Combine(folder.Path, "ca.pem")}
            certfile {Path.Combine(folder.Path, "server.pem")}
            keyfile {Path.Combine(folder.Path, "server.key")}
            require_certificate false
            allow_anonymous true

            """);
        using var broker = Process.Start(new ProcessStartInfo(MosquittoPath, ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        try
        {
            await WaitForPortAsync(port, broker);
            using var subscriber = new MqttClientFactory().CreateMqttClient();
            var received = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            subscriber.ApplicationMessageReceivedAsync += e =>
            {
                received.TrySetResult(e.ApplicationMessage);
                return Task.CompletedTask;
            };
            var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(folder.Path, "ca.pem"));
            await subscriber.ConnectAsync(new MqttClientOptionsBuilder()
                .WithProtocolVersion(MqttProtocolVersion.V311)
                .WithTcpServer("localhost", port)
                .WithClientId("observer")
                .WithTlsOptions(t => t.UseTls().WithTargetHost("localhost").WithTrustChain([ca]))
                .Build());
            await subscriber.SubscribeAsync("devices/#");

            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            await using var client = new IotHubClient(new IotHubClientOptions
            {
                ConnectionString = IotHubConnectionString.ForKey("myhub.azure-devices.net", "dev1", "azureiotsecurity", key, gatewayHostName: "localhost"),
                Port = port,
                CaFile = Path.Combine(folder.Path, "ca.pem"),
                SynchronizeTwinOnConnect = false,
            });
            await client.ConnectAsync();
            await client.SendSecurityMessageAsync("{\"x\":1}"u8.ToArray(), "mid-1");

            var message = await Await.Signal(received);
            Assert.That(message.Topic, Does.StartWith("devices/dev1/modules/azureiotsecurity/messages/events/"));
            var bag = PropertyBag.Decode(message.Topic["devices/dev1/modules/azureiotsecurity/messages/events/".Length..]).ToDictionary(p => p.Key, p => p.Value);
            Assert.That(bag["$.ifid"], Is.EqualTo(SecurityMessage.InterfaceId));
            Assert.That(bag["$.mid"], Is.EqualTo("mid-1"));
            Assert.That(message.Payload.ToArray(), Is.EqualTo("{\"x\":1}"u8.ToArray()));
            Assert.That(client.State, Is.EqualTo(ConnectionState.Connected));
        }
        finally
        {
            broker.Kill(entireProcessTree: true);
            await broker.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port, Process broker)
    {
        using var cts = new CancellationTokenSource(Await.Timeout);
        while (true)
        {
            if (broker.HasExited)
            {
                Assert.Fail("mosquitto exited: " + await broker.StandardError.ReadToEndAsync());
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cts.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cts.Token);
            }
        }
    }
}
