using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using SecurityAgent.IotHub.Authentication;
using SecurityAgent.IotHub.Client;
using SecurityAgent.IotHub.ConnectionStrings;
using SecurityAgent.IotHub.Messaging;
using SecurityAgent.IotHub.Tests.Support;
using SecurityAgent.LocalHub.Messages;

namespace SecurityAgent.IotHub.Tests.EndToEnd;

/// <summary>Client against the local hub over real TLS on loopback: identities connect, telemetry is stored once with its properties, bad credentials are refused.</summary>
public class TelemetryEndToEndTests
{
    private HubHarness _harness = null!;

    [SetUp]
    public async Task SetUp() => _harness = await HubHarness.StartAsync();

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    [Test]
    public async Task SendSecurityMessage_ModuleKey_StoredOnceWithSecurityProperties()
    {
        var module = _harness.Hub.AddModule("dev1", "azureiotsecurity");
        var client = _harness.CreateClient(module);
        await client.ConnectAsync();
        var body = Encoding.UTF8.GetBytes("{\"AgentVersion\":\"1.0\"}");

        await client.SendSecurityMessageAsync(body, "m-1");
        await client.SendSecurityMessageAsync(body, "m-1");
        await client.SendSecurityMessageAsync(body, "m-2");

        var stored = _harness.Hub.GetMessages(new MessageQuery { DeviceId = "dev1" });
        Assert.That(stored.Select(m => m.MessageId), Is.EqualTo(new[] { "m-1", "m-2" }));
        var first = stored[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.ModuleId, Is.EqualTo("azureiotsecurity"));
            Assert.That(first.InterfaceId, Is.EqualTo(SecurityMessage.InterfaceId));
            Assert.That(first.ContentType, Is.EqualTo("application/json"));
            Assert.That(first.ContentEncoding, Is.EqualTo("utf-8"));
            Assert.That(first.AuthMethod, Is.EqualTo("sas"));
            Assert.That(first.Body, Is.EqualTo(body));
            Assert.That(first.Properties["$.ifid"], Is.EqualTo(SecurityMessage.InterfaceId));
        });
    }

    [Test]
    public async Task ConnectAsync_DeviceKeyWithSecurityModule_FetchesModuleKeyAndConnectsAsModule()
    {
        var device = _harness.Hub.AddDevice("dev2");
        _harness.Hub.AddModule("dev2", "azureiotsecurity");
        var client = _harness.CreateClient(device, new ClientSettings { SecurityModuleId = "azureiotsecurity" });

        await client.ConnectAsync();
        await client.SendSecurityMessageAsync("{}"u8.ToArray(), "a");

        Assert.That(client.ClientId, Is.EqualTo("dev2/azureiotsecurity"));
        Assert.That(_harness.Hub.GetMessages(new MessageQuery { DeviceId = "dev2" }).Single().ModuleId, Is.EqualTo("azureiotsecurity"));
    }

    [Test]
    public async Task ConnectAsync_DeviceKeyWithMissingModule_ReportsRejected()
    {
        var device = _harness.Hub.AddDevice("dev3");
        var client = _harness.CreateClient(device, new ClientSettings { SecurityModuleId = "azureiotsecurity" });

        var error = await Assert.ThrowsAsync<IotHubException>(() => client.ConnectAsync());

        Assert.That((error!.Kind, error.Status), Is.EqualTo((IotHubErrorKind.Rejected, (int?)404)));
    }

    [Test]
    public async Task ConnectAsync_X509Thumbprint_ConnectsAndSends()
    {
        var (certificateFile, keyFile, thumbprint) = TestCertificates.WriteSelfSigned(_harness.DataDirectory, "x509dev");
        _harness.Hub.AddX509Identity("x509dev", thumbprint);
        var client = _harness.CreateClient(IotHubConnectionString.ForX509(_harness.Hub.HostName, "x509dev", null), new ClientSettings { CertificateFile = certificateFile, KeyFile = keyFile });

        await client.ConnectAsync();
        await client.SendSecurityMessageAsync("{}"u8.ToArray(), "x");

        Assert.That(_harness.Hub.GetMessages(new MessageQuery { DeviceId = "x509dev" }).Single().AuthMethod, Is.EqualTo("x509"));
    }

    [Test]
    public async Task ConnectAsync_UnregisteredCertificate_Unauthorized()
    {
        var (_, _, thumbprint) = TestCertificates.WriteSelfSigned(_harness.DataDirectory, "registered");
        var (otherCertificate, otherKey, _) = TestCertificates.WriteSelfSigned(_harness.DataDirectory, "intruder");
        _harness.Hub.AddX509Identity("x509dev", thumbprint);
        var client = _harness.CreateClient(IotHubConnectionString.ForX509(_harness.Hub.HostName, "x509dev", null), new ClientSettings { CertificateFile = otherCertificate, KeyFile = otherKey });

        var error = await Assert.ThrowsAsync<IotHubException>(() => client.ConnectAsync());

        Assert.That(error!.Kind, Is.EqualTo(IotHubErrorKind.Unauthorized));
    }

    [Test]
    public async Task ConnectAsync_WrongKey_UnauthorizedWithClearMessage()
    {
        _harness.Hub.AddDevice("dev4");
        var client = _harness.CreateClient(IotHubConnectionString.ForKey(_harness.Hub.HostName, "dev4", null, SasKey()));

        var error = await Assert.ThrowsAsync<IotHubException>(() => client.ConnectAsync());

        Assert.That(error!.Kind, Is.EqualTo(IotHubErrorKind.Unauthorized));
        Assert.That(error.Message, Does.Contain("CONNACK 5"));
        Assert.That(client.State, Is.EqualTo(ConnectionState.Disconnected));
    }

    [Test]
    public async Task ConnectAsync_ExpiredToken_Unauthorized()
    {
        var device = _harness.Hub.AddDevice("dev5");
        var past = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-3));
        var client = _harness.CreateClient(device, new ClientSettings { TimeProvider = past });

        var error = await Assert.ThrowsAsync<IotHubException>(() => client.ConnectAsync());

        Assert.That(error!.Kind, Is.EqualTo(IotHubErrorKind.Unauthorized));
    }

    [Test]
    public async Task ConnectAsync_UntrustedCa_ConnectionFailedNamingTls()
    {
        var device = _harness.Hub.AddDevice("dev6");
        using var otherData = new TempDirectory();
        await using (await SecurityAgent.LocalHub.LocalHub.StartAsync(new SecurityAgent.LocalHub.LocalHubOptions { DataDirectory = otherData.Path }))
        {
            var client = _harness.CreateClient(device, new ClientSettings { CaFile = Path.Combine(otherData.Path, "ca.pem") });

            var error = await Assert.ThrowsAsync<IotHubException>(() => client.ConnectAsync());

            Assert.That(error!.Kind, Is.EqualTo(IotHubErrorKind.ConnectionFailed));
            Assert.That(error.Message, Does.Contain("TLS"));
        }
    }

    [Test]
    public async Task SendSecurityMessage_Oversize_RefusedLocallyAndNotSent()
    {
        var device = _harness.Hub.AddDevice("dev7");
        var client = _harness.CreateClient(device);
        await client.ConnectAsync();

        var error = await Assert.ThrowsAsync<IotHubException>(() => client.SendSecurityMessageAsync(new byte[SecurityMessage.MaxMessageBytes], "big"));

        Assert.That(error!.Kind, Is.EqualTo(IotHubErrorKind.MessageTooLarge));
        Assert.That(error.Message, Does.Contain("262144"));
        Assert.That(_harness.Hub.GetMessages(), Is.Empty);
        Assert.That(client.State, Is.EqualTo(ConnectionState.Connected));
    }

    [Test]
    public async Task Server_OversizePublishFromRawClient_ClosesConnectionWithoutStoring()
    {
        var device = _harness.Hub.AddDevice("raw");
        using var mqtt = new MqttClientFactory().CreateMqttClient();
        var disconnected = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        mqtt.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult(true);
            return Task.CompletedTask;
        };
        var token = SharedAccessSignature.Create($"{_harness.Hub.HostName}/devices/raw", device.PrimaryKey!, DateTimeOffset.UtcNow.AddHours(1));
        var ca = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(_harness.Hub.CaCertificatePath);
        var options = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithTcpServer("localhost", _harness.Hub.MqttPort)
            .WithClientId("raw")
            .WithCredentials($"{_harness.Hub.HostName}/raw/?api-version=2021-04-12", token)
            .WithTlsOptions(t => t.UseTls().WithTargetHost("localhost").WithTrustChain([ca]))
            .Build();
        await mqtt.ConnectAsync(options);

        var publish = mqtt.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("devices/raw/messages/events/").WithPayload(new byte[(256 * 1024) + 1]).WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.That(await Await.Signal(disconnected), Is.True);
        await Assert.CatchAsync(async () => await publish);
        Assert.That(_harness.Hub.GetMessages(), Is.Empty);
    }

    [Test]
    public async Task ConnectAsync_SecondClientSameIdentity_DropsFirst()
    {
        var device = _harness.Hub.AddDevice("twice");
        var first = _harness.CreateClient(device);
        var second = _harness.CreateClient(device);
        var firstLost = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await first.ConnectAsync();
        first.ConnectionStateChanged += (_, e) =>
        {
            if (e.Current == ConnectionState.Reconnecting)
            {
                firstLost.TrySetResult(true);
            }
        };

        await second.ConnectAsync();

        Assert.That(await Await.Signal(firstLost), Is.True);
        await first.DisposeAsync();

        // The first client may have reconnected once before its disposal and kicked the second in turn, as on IoT Hub;
        // the second recovers by itself.
        for (var attempt = 1; ; attempt++)
        {
            await Await.Until(() => second.State == ConnectionState.Connected, "second client connected");
            try
            {
                await second.SendSecurityMessageAsync("{}"u8.ToArray(), "after-takeover");
                break;
            }
            catch (IotHubException ex) when (ex.Kind == IotHubErrorKind.NotConnected && attempt < 5)
            {
            }
        }

        Assert.That(_harness.Hub.GetMessages().Single().MessageId, Is.EqualTo("after-takeover"));
    }

    private static string SasKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
