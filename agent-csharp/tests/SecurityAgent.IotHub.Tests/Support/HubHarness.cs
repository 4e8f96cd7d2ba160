using SecurityAgent.IotHub.Client;
using SecurityAgent.IotHub.Provisioning;
using SecurityAgent.IotHub.ConnectionStrings;
using LocalHubServer = SecurityAgent.LocalHub.LocalHub;
using SecurityAgent.LocalHub;

namespace SecurityAgent.IotHub.Tests.Support;

/// <summary>A local hub on free loopback ports in a temp data folder, plus helpers to build clients against it.</summary>
public sealed class HubHarness : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private readonly List<IotHubClient> _clients = [];

    public LocalHubServer Hub { get; private set; } = null!;

    public string DataDirectory => _data.Path;

    public static async Task<HubHarness> StartAsync()
    {
        var harness = new HubHarness();
        harness.Hub = await LocalHubServer.StartAsync(new LocalHubOptions { DataDirectory = harness._data.Path });
        return harness;
    }

    /// <summary>Stops the hub and starts it again on the same ports and data folder.</summary>
    public async Task RestartAsync()
    {
        var mqttPort = Hub.MqttPort;
        var httpsPort = Hub.HttpsPort;
        await Hub.DisposeAsync();
        Hub = await LocalHubServer.StartAsync(new LocalHubOptions { DataDirectory = _data.Path, MqttPort = mqttPort, HttpsPort = httpsPort });
    }

    public IotHubClient CreateClient(LocalHubIdentity identity, ClientSettings? settings = null)
        => CreateClient(IotHubConnectionString.Parse(identity.ConnectionString(Hub.HostName)), settings);

    public IotHubClient CreateClient(IotHubConnectionString? connectionString, ClientSettings? settings = null)
    {
        settings ??= new ClientSettings();
        return Track(new IotHubClient(new IotHubClientOptions
        {
            ConnectionString = connectionString,
            Provisioning = settings.Provisioning,
            SecurityModuleId = settings.SecurityModuleId,
            Port = Hub.MqttPort,
            RestPort = Hub.HttpsPort,
            CaFile = settings.CaFile ?? Hub.CaCertificatePath,
            ClientCertificateFile = settings.CertificateFile,
            ClientKeyFile = settings.KeyFile,
            SasTokenLifetime = settings.SasTokenLifetime ?? TimeSpan.FromHours(1),
            TimeProvider = settings.TimeProvider ?? TimeProvider.System,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(200),
            ReconnectMaxDelay = TimeSpan.FromSeconds(2),
            OperationTimeout = TimeSpan.FromSeconds(30),
        }));
    }

    public IotHubClient Track(IotHubClient client)
    {
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }

        _data.Dispose();
    }
}
