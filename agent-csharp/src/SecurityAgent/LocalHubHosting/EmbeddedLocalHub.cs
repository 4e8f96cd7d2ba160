using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SecurityAgent.Configuration;
using SecurityAgent.LocalHub;
using SecurityAgent.Storage;

namespace SecurityAgent.LocalHubHosting;

/// <summary>
/// The local IoT-Hub-compatible server run inside the agent (<c>run --local-hub</c>): it keeps its
/// state in <c>DATA/hub</c>, and the agent's identity, key file, id and outbox in <c>DATA/agent</c>.
/// The first start provisions the device and its <c>azureiotsecurity</c> module; later starts
/// reuse them, so the agent keeps its id and its outbox across restarts. The first start also sets
/// the module twin's configuration to a short schedule (<see cref="DemonstrationTwin"/>), as a hub
/// operator would, so that messages flow within seconds rather than after the 7-minute default.
/// </summary>
internal sealed class EmbeddedLocalHub : IAsyncDisposable
{
    public const string DeviceId = "local-device";
    public const string ModuleId = "azureiotsecurity";
    private const string ConfigurationObjectName = "ms_iotn:urn_azureiot_Security_SecurityAgentConfiguration";

    /// <summary>The twin configuration the embedded hub starts with: sends every 10 s (High) and 30 s (Low), snapshots every minute.</summary>
    public static JsonObject DemonstrationTwin() => new()
    {
        ["highPriorityMessageFrequency"] = new JsonObject { ["value"] = "PT10S" },
        ["lowPriorityMessageFrequency"] = new JsonObject { ["value"] = "PT30S" },
        ["snapshotFrequency"] = new JsonObject { ["value"] = "PT1M" },
        ["aggregationIntervalProcessCreate"] = new JsonObject { ["value"] = "PT30S" },
        ["aggregationIntervalConnectionCreate"] = new JsonObject { ["value"] = "PT30S" },
        ["aggregationIntervalProcessTerminate"] = new JsonObject { ["value"] = "PT30S" },
        ["heartbeatFrequency"] = new JsonObject { ["value"] = "PT1M" },
        ["eventPriorityHeartbeat"] = new JsonObject { ["value"] = "Low" },
    };

    private EmbeddedLocalHub(LocalHub.LocalHub hub, LocalConfiguration agentConfiguration)
    {
        Hub = hub;
        AgentConfiguration = agentConfiguration;
    }

    /// <summary>The running hub.</summary>
    public LocalHub.LocalHub Hub { get; }

    /// <summary>A configuration for the agent, connecting as the module over TLS with the hub's CA.</summary>
    public LocalConfiguration AgentConfiguration { get; }

    public static async Task<EmbeddedLocalHub> StartAsync(string dataDirectory, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(dataDirectory);
        var agentDirectory = PrivateFiles.CreateDirectory(Path.Combine(data, "agent"));
        var hub = await LocalHub.LocalHub.StartAsync(
            new LocalHubOptions { DataDirectory = Path.Combine(data, "hub"), LoggerFactory = loggerFactory },
            cancellationToken).ConfigureAwait(false);

        var identity = hub.GetIdentity(DeviceId, ModuleId);
        if (identity is null)
        {
            identity = hub.AddModule(DeviceId, ModuleId);
            await hub.PatchDesiredAsync(DeviceId, ModuleId, new JsonObject { [ConfigurationObjectName] = DemonstrationTwin() }).ConfigureAwait(false);
        }
        var keyFile = Path.Combine(agentDirectory, "module.key");
        PrivateFiles.WriteText(keyFile, identity.PrimaryKey!);
        var configuration = new LocalConfiguration(
            AgentId: AgentIdOf(Path.Combine(agentDirectory, "agent-id")),
            Identity: new IdentitySettings(true, DeviceId, ModuleId, new AuthenticationSettings(AuthenticationMethod.SasKey, keyFile, null, null)),
            HubHostName: $"{hub.HostName}:{hub.MqttPort}",
            GatewayHostName: null,
            CaFile: hub.CaCertificatePath,
            Transport: new TransportSettings(false, TimeSpan.FromSeconds(60)),
            Outbox: new OutboxSettings(Path.Combine(agentDirectory, "outbox"), 10 * 1024 * 1024),
            Logging: new LoggingSettings(LogLevel.Information, LogLevel.Warning, "console", null),
            RemoteConfigurationObjectName: ConfigurationObjectName);
        return new EmbeddedLocalHub(hub, configuration);
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();

    /// <summary>The agent id kept in <paramref name="path"/>, made on first use.</summary>
    private static string AgentIdOf(string path)
    {
        if (File.Exists(path) && Guid.TryParse(File.ReadAllText(path).Trim(), out var existing))
            return existing.ToString("D");
        var id = Guid.NewGuid().ToString("D");
        File.WriteAllText(path, id + "\n");
        return id;
    }
}
