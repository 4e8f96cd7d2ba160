using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecurityAgent.IotHub.Authentication;
using SecurityAgent.IotHub.ConnectionStrings;
using SecurityAgent.LocalHub;
using SecurityAgent.LocalHub.Messages;
using LocalHubServer = SecurityAgent.LocalHub.LocalHub;

namespace SecurityAgent.Tests.Support;

/// <summary>
/// A real local hub in the test process, an identity for the agent provisioned in it (key file
/// 0600), and a local configuration file pointing the real security-agent program at it.
/// </summary>
internal sealed class AgentHubHarness : IAsyncDisposable
{
    public const string DeviceId = "e2e-device";
    public const string ModuleId = "azureiotsecurity";
    public const string ConfigurationObject = "ms_iotn:urn_azureiot_Security_SecurityAgentConfiguration";

    private readonly TempFolder _folder = new("agent-e2e-");
    private int _mqttPort;
    private int _httpsPort;

    private AgentHubHarness()
    {
    }

    public LocalHubServer Hub { get; private set; } = null!;

    public string ConfigFile => Path.Combine(_folder.Path, "agent.json");

    public string OutboxDirectory => Path.Combine(_folder.Path, "outbox");

    /// <summary>Sends every second, snapshots every two: messages flow within seconds.</summary>
    public static JsonObject FastSchedule() => new()
    {
        ["highPriorityMessageFrequency"] = new JsonObject { ["value"] = "PT1S" },
        ["lowPriorityMessageFrequency"] = new JsonObject { ["value"] = "PT1S" },
        ["snapshotFrequency"] = new JsonObject { ["value"] = "PT2S" },
    };

    public static async Task<AgentHubHarness> StartAsync(JsonObject? twin = null)
    {
        var harness = new AgentHubHarness();
        await harness.StartHubAsync();
        var identity = harness.Hub.AddModule(DeviceId, ModuleId);
        await harness.Hub.PatchDesiredAsync(DeviceId, ModuleId, new JsonObject { [ConfigurationObject] = twin ?? FastSchedule() });
        harness.WriteConfiguration(identity.PrimaryKey!);
        return harness;
    }

    /// <summary>
    /// The collectors the tests run by default: the snapshot ones, which leave no kernel state
    /// behind even when a test kills the agent (the audit-based ones add audit rules).
    /// </summary>
    public const string SnapshotCollectors = "SystemInformation,LocalUsers,ListeningPorts";

    /// <summary>Starts the real program; <paramref name="collectors"/> null runs every collector of the platform.</summary>
    public AgentProcess StartAgent(string? collectors = SnapshotCollectors) => collectors is null
        ? AgentProcess.Start("run", "--config", ConfigFile, "--status-interval", "0")
        : AgentProcess.Start("run", "--config", ConfigFile, "--status-interval", "0", "--collectors", collectors);

    public async Task StopHubAsync() => await Hub.DisposeAsync();

    /// <summary>Starts the hub again on the same ports with the same data, as after a hub outage.</summary>
    public async Task StartHubAsync() =>
        (Hub, _mqttPort, _httpsPort) = await StartHubOnAsync(Path.Combine(_folder.Path, "hub"), _mqttPort, _httpsPort);

    /// <summary>The messages the hub stored for the agent, oldest first.</summary>
    public IReadOnlyList<StoredMessage> Messages() => Hub.GetMessages(new MessageQuery { DeviceId = DeviceId, ModuleId = ModuleId, Limit = 100_000 });

    /// <summary>Every event of every stored message, in arrival order.</summary>
    public List<JsonElement> Events() => [.. Messages().SelectMany(m => EventsOf(m.Body))];

    public static IEnumerable<JsonElement> EventsOf(byte[] body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("Events").EnumerateArray().Select(e => e.Clone()).ToList();

    /// <summary>Patches the module twin's configuration object through the hub's REST API, as an operator would.</summary>
    public async Task PatchConfigurationViaRestAsync(JsonObject configuration)
    {
        using var http = ServiceClient();
        var patch = new JsonObject { ["properties"] = new JsonObject { ["desired"] = new JsonObject { [ConfigurationObject] = configuration } } };
        using var body = new StringContent(patch.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PatchAsync(new Uri($"https://localhost:{Hub.HttpsPort}/twins/{DeviceId}/modules/{ModuleId}?api-version=2021-04-12"), body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The agent's reported configuration object, through the hub's REST API.</summary>
    public async Task<JsonObject?> ReportedConfigurationViaRestAsync()
    {
        using var http = ServiceClient();
        var twin = JsonNode.Parse(await http.GetStringAsync(new Uri($"https://localhost:{Hub.HttpsPort}/twins/{DeviceId}/modules/{ModuleId}")));
        return twin?["properties"]?["reported"]?[ConfigurationObject] as JsonObject;
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        _folder.Dispose();
    }

    private static async Task<(LocalHubServer, int, int)> StartHubOnAsync(string data, int mqttPort, int httpsPort)
    {
        var hub = await LocalHubServer.StartAsync(new LocalHubOptions { DataDirectory = data, MqttPort = mqttPort, HttpsPort = httpsPort });
        return (hub, hub.MqttPort, hub.HttpsPort);
    }

    private void WriteConfiguration(string key)
    {
        var keyFile = Path.Combine(_folder.Path, "module.key");
        File.WriteAllText(keyFile, key);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var configuration = new JsonObject
        {
            ["agentId"] = Guid.NewGuid().ToString("D"),
            ["identity"] = new JsonObject
            {
                ["type"] = "module",
                ["deviceId"] = DeviceId,
                ["moduleId"] = ModuleId,
                ["authentication"] = new JsonObject { ["method"] = "sasKey", ["keyFile"] = keyFile },
            },
            ["hubHostName"] = $"{Hub.HostName}:{Hub.MqttPort}",
            ["caFile"] = Hub.CaCertificatePath,
            ["outbox"] = new JsonObject { ["path"] = OutboxDirectory },
            ["logging"] = new JsonObject { ["level"] = "information", ["destination"] = "console" },
        };
        File.WriteAllText(ConfigFile, configuration.ToJsonString());
    }

    private HttpClient ServiceClient()
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(Hub.CaCertificatePath);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(ca);
        var http = new HttpClient(handler, disposeHandler: true);
        var ownerKey = IotHubConnectionString.Parse(Hub.ServiceConnectionString).SharedAccessKey!;
        http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(
            SharedAccessSignature.Create(Hub.HostName, ownerKey, DateTimeOffset.UtcNow.AddHours(1), "iothubowner"));
        return http;
    }
}
