using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SecurityAgent.LocalHub.Certificates;
using SecurityAgent.LocalHub.Messages;
using SecurityAgent.LocalHub.Mqtt;
using SecurityAgent.LocalHub.Registry;
using SecurityAgent.LocalHub.Rest;

namespace SecurityAgent.LocalHub;

/// <summary>
/// An IoT-Hub-compatible server on loopback: MQTT 3.1.1 over TLS with IoT Hub's authentication,
/// telemetry stored in SQLite, twins, DPS registration, and a REST service API. Everything lives in
/// the data folder and survives restarts. Embeddable in-process; the <c>local-hub</c> command runs it standalone.
/// </summary>
/// <remarks>Thread-safe. Start with <see cref="StartAsync"/>; stop with <see cref="DisposeAsync"/>.</remarks>
public sealed class LocalHub : IAsyncDisposable
{
    private readonly LocalHubOptions _options;
    private readonly HubCertificates _certificates;
    private readonly HubRegistry _registry;
    private readonly MessageStore _messages;
    private MqttFrontEnd? _mqtt;
    private ServiceApi? _api;
    private int _disposed;

    private LocalHub(LocalHubOptions options, HubCertificates certificates, HubRegistry registry, MessageStore messages)
    {
        _options = options;
        _certificates = certificates;
        _registry = registry;
        _messages = messages;
    }

    /// <summary>Gets the hub host name (the SAS audience).</summary>
    public string HostName => _options.HostName;

    /// <summary>Gets the ID scope of the hub's DPS endpoint (served on the same MQTT port).</summary>
    public string IdScope => _options.IdScope;

    /// <summary>Gets the MQTT-over-TLS port on 127.0.0.1.</summary>
    public int MqttPort => _mqtt?.Port ?? 0;

    /// <summary>Gets the HTTPS port of the REST service API on 127.0.0.1.</summary>
    public int HttpsPort => _api?.Port ?? 0;

    /// <summary>Gets the path of the CA certificate (PEM) clients must trust.</summary>
    public string CaCertificatePath => _certificates.CaPath;

    /// <summary>Gets the service connection string with the <c>iothubowner</c> policy key (for the REST API).</summary>
    public string ServiceConnectionString => $"HostName={HostName};SharedAccessKeyName={HubRegistry.OwnerPolicy};SharedAccessKey={_registry.PolicyKey(HubRegistry.OwnerPolicy)}";

    /// <summary>Gets how many MQTT connections were accepted since start (a reconnect counts again).</summary>
    public long AcceptedConnections => _mqtt?.AcceptedConnections ?? 0;

    /// <summary>Gets the MQTT client ids connected now.</summary>
    public IReadOnlyCollection<string> ConnectedClientIds => _mqtt?.ConnectedClientIds ?? [];

    internal TimeProvider TimeProvider => _options.TimeProvider;

    /// <summary>Creates the data folder's contents if missing (CA, server certificate, registry, database) and starts listening.</summary>
    /// <param name="options">The settings; checked here.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running hub.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static async Task<LocalHub> StartAsync(LocalHubOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(options.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var certificates = HubCertificates.LoadOrCreate(options.DataDirectory, options.HostName, options.TimeProvider);
        var registry = HubRegistry.LoadOrCreate(options.DataDirectory, options.TimeProvider, options.MaxTwinSectionBytes);
        var messages = new MessageStore(Path.Combine(options.DataDirectory, "messages.db"));
        var hub = new LocalHub(options, certificates, registry, messages);
        try
        {
            var logger = options.LoggerFactory.CreateLogger<LocalHub>();
            hub._mqtt = new MqttFrontEnd(options, options.MqttPort == 0 ? FreePort() : options.MqttPort, certificates.Server, registry, messages, logger);
            await hub._mqtt.StartAsync().ConfigureAwait(false);
            hub._api = new ServiceApi(hub, registry, options, certificates.Server, logger);
            await hub._api.StartAsync(cancellationToken).ConfigureAwait(false);
            LocalHubLog.Started(logger, options.HostName, hub.MqttPort, hub.HttpsPort, certificates.CaPath);
            return hub;
        }
        catch
        {
            await hub.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates or updates a device identity with a symmetric key.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="primaryKey">The key (base64); a random one when <see langword="null"/>.</param>
    /// <returns>The identity.</returns>
    public LocalHubIdentity AddDevice(string deviceId, string? primaryKey = null)
        => LocalHubIdentity.From(_registry.Upsert(deviceId, null, primaryKey, null, null));

    /// <summary>Creates or updates a module identity with a symmetric key; creates the device (with a random key) if missing.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="moduleId">The module id.</param>
    /// <param name="primaryKey">The key (base64); a random one when <see langword="null"/>.</param>
    /// <returns>The identity.</returns>
    public LocalHubIdentity AddModule(string deviceId, string moduleId, string? primaryKey = null)
    {
        if (!_registry.DeviceExists(deviceId))
        {
            _registry.Upsert(deviceId, null, null, null, null);
        }

        return LocalHubIdentity.From(_registry.Upsert(deviceId, moduleId, primaryKey, null, null));
    }

    /// <summary>Creates or updates a device (or module) identity that authenticates with a self-signed certificate.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="thumbprint">The certificate's SHA-1 thumbprint (hex).</param>
    /// <param name="moduleId">The module id, or <see langword="null"/>.</param>
    /// <returns>The identity.</returns>
    public LocalHubIdentity AddX509Identity(string deviceId, string thumbprint, string? moduleId = null)
        => LocalHubIdentity.From(_registry.Upsert(deviceId, moduleId, null, null, thumbprint));

    /// <summary>Gets an identity, or <see langword="null"/>.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="moduleId">The module id, or <see langword="null"/>.</param>
    /// <returns>The identity, or <see langword="null"/>.</returns>
    public LocalHubIdentity? GetIdentity(string deviceId, string? moduleId = null)
        => _registry.Find(deviceId, moduleId) is { } record ? LocalHubIdentity.From(record) : null;

    /// <summary>Adds or replaces an individual DPS enrollment.</summary>
    /// <param name="registrationId">The registration id.</param>
    /// <param name="primaryKey">The enrollment key (base64), or <see langword="null"/> for X.509.</param>
    /// <param name="thumbprint">The certificate thumbprint for X.509 attestation, or <see langword="null"/>.</param>
    /// <param name="deviceId">The device id to assign; the registration id when <see langword="null"/>.</param>
    public void AddIndividualEnrollment(string registrationId, string? primaryKey, string? thumbprint = null, string? deviceId = null)
        => _registry.UpsertEnrollment(new EnrollmentRecord { Id = registrationId, PrimaryKey = primaryKey, Thumbprint = thumbprint?.ToUpperInvariant(), DeviceId = deviceId });

    /// <summary>Adds or replaces a symmetric-key enrollment group: any registration id whose key is derived from <paramref name="groupKey"/> is admitted.</summary>
    /// <param name="groupId">The group id.</param>
    /// <param name="groupKey">The group key (base64).</param>
    public void AddEnrollmentGroup(string groupId, string groupKey)
        => _registry.UpsertEnrollment(new EnrollmentRecord { Id = groupId, IsGroup = true, PrimaryKey = groupKey });

    /// <summary>Gets the twin as the service API shows it, or <see langword="null"/>.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="moduleId">The module id, or <see langword="null"/>.</param>
    /// <returns>The twin JSON, or <see langword="null"/>.</returns>
    public JsonObject? GetTwin(string deviceId, string? moduleId = null)
        => _registry.ServiceTwin(deviceId, moduleId, IsConnected(moduleId is null ? deviceId : $"{deviceId}/{moduleId}"));

    /// <summary>Patches the desired properties and pushes the patch to the identity if it is connected.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="moduleId">The module id, or <see langword="null"/>.</param>
    /// <param name="desired">The patch (<see langword="null"/> members delete).</param>
    /// <returns>The new desired version.</returns>
    /// <exception cref="InvalidOperationException">The identity does not exist or the patch breaks the twin limits.</exception>
    public async Task<long> PatchDesiredAsync(string deviceId, string? moduleId, JsonObject desired)
    {
        var result = await PatchTwinAsync(deviceId, moduleId, desired, null).ConfigureAwait(false);
        return result.Status < 400 ? result.Version : throw new InvalidOperationException($"Desired patch refused ({result.Status}): {result.Error}");
    }

    /// <summary>Lists stored telemetry.</summary>
    /// <param name="query">Filters; <see langword="null"/> lists everything.</param>
    /// <returns>The messages, oldest first.</returns>
    public IReadOnlyList<StoredMessage> GetMessages(MessageQuery? query = null) => _messages.Query(query ?? new MessageQuery());

    /// <summary>Gets a value indicating whether an MQTT client id (<c>device</c> or <c>device/module</c>) is connected.</summary>
    /// <param name="clientId">The client id.</param>
    /// <returns><see langword="true"/> when connected.</returns>
    public bool IsConnected(string clientId) => _mqtt?.IsConnected(clientId) ?? false;

    /// <summary>Closes a client's connection (as IoT Hub does on errors or token expiry).</summary>
    /// <param name="clientId">The client id.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    public Task DisconnectClientAsync(string clientId) => _mqtt?.DisconnectAsync(clientId) ?? Task.CompletedTask;

    /// <summary>Stops listening and closes every connection. Idempotent.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_api is not null)
        {
            await _api.DisposeAsync().ConfigureAwait(false);
        }

        if (_mqtt is not null)
        {
            await _mqtt.DisposeAsync().ConfigureAwait(false);
        }

        _messages.Dispose();
        _certificates.Dispose();
    }

    internal async Task<TwinUpdateResult> PatchTwinAsync(string deviceId, string? moduleId, JsonObject? desired, JsonObject? tags)
    {
        var result = _registry.PatchDesired(deviceId, moduleId, desired, tags);
        if (result.Status < 400 && desired is not null && _mqtt is not null)
        {
            await _mqtt.PushDesiredAsync(moduleId is null ? deviceId : $"{deviceId}/{moduleId}", desired, result.Version).ConfigureAwait(false);
        }

        return result;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
