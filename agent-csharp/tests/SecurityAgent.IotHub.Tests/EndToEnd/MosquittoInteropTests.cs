using System.Buffers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using SecurityAgent.IotHub.Client;
using SecurityAgent.IotHub.ConnectionStrings;
using SecurityAgent.IotHub.Messaging;
using SecurityAgent.IotHub.Tests.Support;

namespace SecurityAgent.IotHub.Tests.EndToEnd;

/// <summary>
/// The client against a real mosquitto broker (Debian package <c>mosquitto</c>) on a loopback TLS
/// port with its own generated certificates, over TLS and over secure WebSockets: proof that it speaks plain MQTT 3.1.1, not only to the local hub.
/// </summary>
public class MosquittoInteropTests
{
    [TestCase(false, TestName = "SendSecurityMessage_ToMosquitto_PubackAndTopicCarriesPropertyBag")]
    [TestCase(true, TestName = "SendSecurityMessage_OverWebSocketsToMosquitto_PubackAndTopicCarriesPropertyBag")]
    public async Task SendSecurityMessage_ToMosquitto_PubackAndTopicCarriesPropertyBag(bool webSockets)
    {
        using var broker = await MosquittoBroker.StartAsync();
        using var subscriber = new MqttClientFactory().CreateMqttClient();
        var received = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        var ca = X509CertificateLoader.LoadCertificateFromFile(broker.CaFile);
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithTcpServer("localhost", broker.TlsPort)
            .WithClientId("observer")
            .WithTlsOptions(t => t.UseTls().WithTargetHost("localhost").WithTrustChain([ca]))
            .Build());
        await subscriber.SubscribeAsync("devices/#");

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var client = new IotHubClient(new IotHubClientOptions
        {
            ConnectionString = IotHubConnectionString.ForKey("myhub.azure-devices.net", "dev1", "azureiotsecurity", key, gatewayHostName: "localhost"),
            Port = webSockets ? broker.WebSocketPort : broker.TlsPort,
            UseWebSockets = webSockets,
            CaFile = broker.CaFile,
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
}
