using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using SecurityAgent.IotHub.Authentication;
using SecurityAgent.IotHub.Client;
using SecurityAgent.IotHub.ConnectionStrings;
using SecurityAgent.IotHub.Provisioning;
using SecurityAgent.IotHub.Tests.Support;

namespace SecurityAgent.IotHub.Tests.EndToEnd;

/// <summary>Twin, REST service API, DPS, restarts and SAS renewal, client against the local hub over real TLS.</summary>
public class TwinAndServiceEndToEndTests
{
    private HubHarness _harness = null!;

    [SetUp]
    public async Task SetUp() => _harness = await HubHarness.StartAsync();

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    [Test]
    public async Task ConnectAsync_TwinWithDesired_RaisesFullDocumentWithVersion()
    {
        var module = _harness.Hub.AddModule("t1", "azureiotsecurity");
        await _harness.Hub.PatchDesiredAsync("t1", "azureiotsecurity", new JsonObject { ["mode"] = "on" });
        var client = _harness.CreateClient(module);
        var full = new TaskCompletionSource<DesiredPropertiesChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DesiredPropertiesChanged += (_, e) => full.TrySetResult(e);

        await client.ConnectAsync();
        var received = await Await.Signal(full);

        Assert.That((received.IsFullDocument, received.Version, received.Desired["mode"]?.GetValue<string>()), Is.EqualTo((true, 2L, "on")));
        Assert.That(received.Desired.ContainsKey("$metadata"), Is.False);
    }

    [Test]
    public async Task GetTwinAsync_AfterReportedPatch_ShowsReportedAndVersion()
    {
        var module = _harness.Hub.AddModule("t2", "azureiotsecurity");
        var client = _harness.CreateClient(module);
        await client.ConnectAsync();

        var version = await client.UpdateReportedAsync(new JsonObject { ["agent"] = new JsonObject { ["state"] = "ok" } });
        var twin = await client.GetTwinAsync();

        Assert.That(version, Is.EqualTo(2));
        Assert.That((twin.ReportedVersion, twin.Reported["agent"]?["state"]?.GetValue<string>()), Is.EqualTo((2L, "ok")));
        var stored = _harness.Hub.GetTwin("t2", "azureiotsecurity")!;
        Assert.That(stored["properties"]!["reported"]!["agent"]!["state"]!.GetValue<string>(), Is.EqualTo("ok"));
        Assert.That(stored["properties"]!["reported"]!["$metadata"]!["agent"]!["state"]!["$lastUpdated"], Is.Not.Null);
    }

    [Test]
    public async Task UpdateReportedAsync_InvalidKey_Rejected400()
    {
        var client = _harness.CreateClient(_harness.Hub.AddDevice("t3"));
        await client.ConnectAsync();

        var error = await Assert.ThrowsAsync<IotHubException>(() => client.UpdateReportedAsync(new JsonObject { ["bad.key"] = 1 }));

        Assert.That((error!.Kind, error.Status), Is.EqualTo((IotHubErrorKind.Rejected, (int?)400)));
    }

    [Test]
    public async Task UpdateReportedAsync_OverTwinLimit_Rejected400()
    {
        var client = _harness.CreateClient(_harness.Hub.AddDevice("t4"));
        await client.ConnectAsync();

        var error = await Assert.ThrowsAsync<IotHubException>(() => client.UpdateReportedAsync(new JsonObject { ["big"] = new string('x', 33 * 1024) }));

        Assert.That(error!.Status, Is.EqualTo(400));
    }

    [Test]
    public async Task RestPatchDesired_ConnectedClient_ReceivesPatchInOrder()
    {
        var module = _harness.Hub.AddModule("t5", "azureiotsecurity");
        var client = _harness.CreateClient(module);
        var patches = new List<DesiredPropertiesChangedEventArgs>();
        var second = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var synced = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DesiredPropertiesChanged += (_, e) =>
        {
            if (e.IsFullDocument)
            {
                synced.TrySetResult(true);
                return;
            }

            lock (patches)
            {
                patches.Add(e);
                if (patches.Count == 2)
                {
                    second.TrySetResult(true);
                }
            }
        };
        await client.ConnectAsync();
        await Await.Signal(synced);
        using var http = ServiceHttpClient();

        foreach (var value in new[] { 1, 2 })
        {
            using var body = new StringContent($"{{\"properties\":{{\"desired\":{{\"level\":{value}}}}}}}", Encoding.UTF8, "application/json");
            using var response = await http.PatchAsync(new Uri($"https://localhost:{_harness.Hub.HttpsPort}/twins/t5/modules/azureiotsecurity?api-version=2021-04-12"), body);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await Await.Signal(second);
        Assert.That(patches.Select(p => (p.Version, p.Desired["level"]!.GetValue<int>())), Is.EqualTo(new[] { (2L, 1), (3L, 2) }));
        Assert.That(client.DesiredVersion, Is.EqualTo(3));
    }

    [Test]
    public async Task RestApi_WithoutOwnerToken_Returns401()
    {
        _harness.Hub.AddDevice("t6");
        using var http = new HttpClient(TrustingHandler());

        using var anonymous = await http.GetAsync(new Uri($"https://localhost:{_harness.Hub.HttpsPort}/twins/t6"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://localhost:{_harness.Hub.HttpsPort}/twins/t6"));
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(SharedAccessSignature.Create(_harness.Hub.HostName, SharedAccessSignature.DeriveDeviceKey(OwnerKey(), "x"), DateTimeOffset.UtcNow.AddHours(1), "iothubowner"));
        using var wrongKey = await http.SendAsync(request);

        Assert.That((anonymous.StatusCode, wrongKey.StatusCode), Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)));
    }

    [Test]
    public async Task RestApi_CreateDeviceAndListMessages_WithOwnerToken()
    {
        using var http = ServiceHttpClient();
        var key = Convert.ToBase64String(new byte[32]);
        using var create = new StringContent($"{{\"deviceId\":\"t7\",\"authentication\":{{\"type\":\"sas\",\"symmetricKey\":{{\"primaryKey\":\"{key}\"}}}}}}", Encoding.UTF8, "application/json");
        using var created = await http.PutAsync(new Uri($"https://localhost:{_harness.Hub.HttpsPort}/devices/t7"), create);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var client = _harness.CreateClient(IotHubConnectionString.ForKey(_harness.Hub.HostName, "t7", null, key));
        await client.ConnectAsync();
        await client.SendSecurityMessageAsync("{\"a\":1}"u8.ToArray(), "listed");

        var list = JsonNode.Parse(await http.GetStringAsync(new Uri($"https://localhost:{_harness.Hub.HttpsPort}/messages?deviceId=t7")))!.AsArray();
        var empty = JsonNode.Parse(await http.GetStringAsync(new Uri($"https://localhost:{_harness.Hub.HttpsPort}/messages?deviceId=nobody")))!.AsArray();

        Assert.That(list.Select(m => m!["messageId"]!.GetValue<string>()), Is.EqualTo(new[] { "listed" }));
        Assert.That(list[0]!["properties"]!["$.ifid"]!.GetValue<string>(), Is.EqualTo("urn:azureiot:Security:SecurityAgent:1"));
        Assert.That(empty, Is.Empty);
    }

    [Test]
    public async Task ConnectAsync_DpsIndividualEnrollment_AssignedAndSends()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        _harness.Hub.AddIndividualEnrollment("reg-one", key);
        var client = _harness.CreateClient((IotHubConnectionString?)null, new ClientSettings { Provisioning = Dps("reg-one", symmetricKey: key) });

        await client.ConnectAsync();
        await client.SendSecurityMessageAsync("{}"u8.ToArray(), "dps-1");

        Assert.That(client.ClientId, Is.EqualTo("reg-one"));
        Assert.That(_harness.Hub.GetMessages().Single().DeviceId, Is.EqualTo("reg-one"));
    }

    [Test]
    public async Task ConnectAsync_DpsGroupEnrollment_DerivedKeyAssignedAndSends()
    {
        var groupKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        _harness.Hub.AddEnrollmentGroup("group", groupKey);
        var client = _harness.CreateClient((IotHubConnectionString?)null, new ClientSettings { Provisioning = Dps("sn-42", groupKey: groupKey) });

        await client.ConnectAsync();
        await client.SendSecurityMessageAsync("{}"u8.ToArray(), "dps-2");

        Assert.That(_harness.Hub.GetIdentity("sn-42")!.PrimaryKey, Is.EqualTo(SharedAccessSignature.DeriveDeviceKey(groupKey, "sn-42")));
        Assert.That(_harness.Hub.GetMessages().Single().DeviceId, Is.EqualTo("sn-42"));
    }

    [Test]
    public async Task ConnectAsync_DpsWrongGroupKey_Unauthorized()
    {
        _harness.Hub.AddEnrollmentGroup("group", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)));
        var client = _harness.CreateClient((IotHubConnectionString?)null, new ClientSettings { Provisioning = Dps("sn-43", groupKey: Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64))) });

        var error = await Assert.ThrowsAsync<IotHubException>(() => client.ConnectAsync());

        Assert.That(error!.Kind, Is.EqualTo(IotHubErrorKind.Unauthorized));
    }

    [Test]
    public async Task ServerRestart_MidSession_ClientReconnectsAndResumes()
    {
        var module = _harness.Hub.AddModule("r1", "azureiotsecurity");
        var client = _harness.CreateClient(module);
        var states = new List<ConnectionState>();
        var reconnected = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionStateChanged += (_, e) =>
        {
            lock (states)
            {
                states.Add(e.Current);
                if (e.Previous == ConnectionState.Reconnecting && e.Current == ConnectionState.Connected)
                {
                    reconnected.TrySetResult(true);
                }
            }
        };
        await client.ConnectAsync();
        await client.SendSecurityMessageAsync("{}"u8.ToArray(), "before");

        await _harness.RestartAsync();
        await Await.Signal(reconnected);
        await client.SendSecurityMessageAsync("{}"u8.ToArray(), "after");

        Assert.That(_harness.Hub.GetMessages().Select(m => m.MessageId), Is.EqualTo(new[] { "before", "after" }));
        Assert.That(_harness.Hub.GetIdentity("r1", "azureiotsecurity")!.PrimaryKey, Is.EqualTo(module.PrimaryKey));
        lock (states)
        {
            Assert.That(states, Does.Contain(ConnectionState.Reconnecting));
        }
    }

    [Test]
    public async Task SasRenewal_ShortLifetime_ReconnectsWithFreshToken()
    {
        var device = _harness.Hub.AddDevice("s1");
        var client = _harness.CreateClient(device, new ClientSettings { SasTokenLifetime = TimeSpan.FromSeconds(2) });
        var renewals = 0;
        var renewedTwice = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionStateChanged += (_, e) =>
        {
            if (e.Previous == ConnectionState.Reconnecting && e.Current == ConnectionState.Connected && Interlocked.Increment(ref renewals) == 2)
            {
                renewedTwice.TrySetResult(true);
            }
        };

        await client.ConnectAsync();
        await Await.Signal(renewedTwice);
        await Await.Until(() => client.State == ConnectionState.Connected, "connected after renewal");
        await client.SendSecurityMessageAsync("{}"u8.ToArray(), "renewed");

        Assert.That(_harness.Hub.AcceptedConnections, Is.GreaterThanOrEqualTo(3));
        Assert.That(_harness.Hub.GetMessages().Single().MessageId, Is.EqualTo("renewed"));
    }

    private DpsOptions Dps(string registrationId, string? symmetricKey = null, string? groupKey = null) => new()
    {
        GlobalEndpoint = "localhost",
        Port = _harness.Hub.MqttPort,
        IdScope = _harness.Hub.IdScope,
        RegistrationId = registrationId,
        SymmetricKey = symmetricKey,
        EnrollmentGroupKey = groupKey,
    };

    private string OwnerKey() => IotHubConnectionString.Parse(_harness.Hub.ServiceConnectionString).SharedAccessKey!;

    private HttpClient ServiceHttpClient()
    {
        var http = new HttpClient(TrustingHandler());
        http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(SharedAccessSignature.Create(_harness.Hub.HostName, OwnerKey(), DateTimeOffset.UtcNow.AddHours(1), "iothubowner"));
        return http;
    }

    /// <summary>Trusts exactly the hub's CA (chain built against it only), never any certificate.</summary>
    private SocketsHttpHandler TrustingHandler()
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(_harness.Hub.CaCertificatePath);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(ca);
        return handler;
    }
}
