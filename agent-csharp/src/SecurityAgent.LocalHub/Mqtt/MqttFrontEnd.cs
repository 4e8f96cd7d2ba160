using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SecurityAgent.IotHub.Messaging;
using SecurityAgent.LocalHub.Messages;
using SecurityAgent.LocalHub.Registry;

namespace SecurityAgent.LocalHub.Mqtt;

/// <summary>
/// The device-facing MQTT surface: CONNECT authentication, telemetry storage, twin and DPS topics,
/// and delivery of responses to the one client they belong to (the hub is not a broker: clients
/// never receive each other's messages).
/// </summary>
internal sealed class MqttFrontEnd : IAsyncDisposable
{
    private const string TargetProperty = "securityagent-target";
    private const string TwinGet = "$iothub/twin/GET/";
    private const string TwinPatchReported = "$iothub/twin/PATCH/properties/reported/";
    private const string DpsRegister = "$dps/registrations/PUT/iotdps-register/";
    private const string DpsPoll = "$dps/registrations/GET/iotdps-get-operationstatus/";

    private readonly LocalHubOptions _options;
    private readonly HubRegistry _registry;
    private readonly MessageStore _messages;
    private readonly ConnectionAuthenticator _authenticator;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SessionIdentity> _connected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _operations = new(StringComparer.Ordinal);
    private readonly MqttServer _server;
    private long _acceptedConnections;

    public MqttFrontEnd(LocalHubOptions options, int port, X509Certificate2 serverCertificate, HubRegistry registry, MessageStore messages, ILogger logger)
    {
        _options = options;
        _registry = registry;
        _messages = messages;
        _logger = logger;
        _authenticator = new ConnectionAuthenticator(registry, options.HostName, options.IdScope, options.TimeProvider);
        var serverOptions = new MqttServerOptionsBuilder()
            .WithoutDefaultEndpoint()
            .WithEncryptedEndpoint()
            .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
            .WithEncryptedEndpointBoundIPV6Address(IPAddress.None)
            .WithEncryptedEndpointPort(port)
            .WithEncryptionCertificate(serverCertificate)
            .WithEncryptionSslProtocol(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13)
            // Ask every client for a certificate but let the handshake succeed without one: identities are
            // checked at CONNECT, by thumbprint for X.509 and by token for SAS.
            .WithClientCertificate(AcceptClientCertificateForConnectCheck)
            .WithPersistentSessions(false)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.ClientConnectedAsync += e =>
        {
            Interlocked.Increment(ref _acceptedConnections);
            return Task.CompletedTask;
        };
        _server.ClientDisconnectedAsync += OnDisconnectedAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        _server.InterceptingClientEnqueueAsync += InterceptEnqueueAsync;
        Port = port;
    }

    public int Port { get; }

    public long AcceptedConnections => Interlocked.Read(ref _acceptedConnections);

    public bool IsConnected(string clientId) => _connected.ContainsKey(clientId);

    public IReadOnlyCollection<string> ConnectedClientIds => [.. _connected.Keys];

    public Task StartAsync() => _server.StartAsync();

    public Task DisconnectAsync(string clientId) => _server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.AdministrativeAction });

    /// <summary>Pushes a desired patch to the identity if it is connected (IoT Hub does not queue these).</summary>
    public Task PushDesiredAsync(string clientId, JsonObject patch, long version)
    {
        if (!_connected.ContainsKey(clientId))
        {
            return Task.CompletedTask;
        }

        var body = patch.DeepClone().AsObject();
        body["$version"] = version;
        return SendAsync(clientId, $"$iothub/twin/PATCH/properties/desired/?$version={version}", Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
        _server.Dispose();
    }

    private static bool AcceptClientCertificateForConnectCheck(object sender, X509Certificate? certificate, X509Chain? chain, System.Net.Security.SslPolicyErrors errors)
    {
        // Self-signed device certificates never chain to a trusted root; the thumbprint check at CONNECT decides.
        const System.Net.Security.SslPolicyErrors tolerated = System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors | System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable;
        return (errors & ~tolerated) == System.Net.Security.SslPolicyErrors.None;
    }

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        string? error;
        SessionIdentity? identity = null;
        if (e.ProtocolVersion != MQTTnet.Formatter.MqttProtocolVersion.V311)
        {
            error = "only MQTT 3.1.1 is supported";
        }
        else if (_connected.Count >= _options.MaxConnections && !_connected.ContainsKey(e.ClientId))
        {
            error = $"connection limit of {_options.MaxConnections} reached";
        }
        else
        {
            (identity, error) = _authenticator.Authenticate(e.ClientId, e.UserName, e.Password, e.ClientCertificate);
        }

        if (identity is null)
        {
            LocalHubLog.Refused(_logger, e.ClientId, error ?? "refused");
            e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            return Task.CompletedTask;
        }

        e.SessionItems[SessionIdentity.SessionKey] = identity;
        _connected[identity.ClientId] = identity;
        LocalHubLog.Accepted(_logger, identity.ClientId, identity.AuthMethod);
        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        // A takeover by a new connection with the same id fires this for the old one; keep the new entry.
        if (e.DisconnectType != MqttClientDisconnectType.Takeover && e.SessionItems?[SessionIdentity.SessionKey] is SessionIdentity identity)
        {
            _connected.TryRemove(identity.ClientId, out _);
        }

        LocalHubLog.Disconnected(_logger, e.ClientId, e.DisconnectType.ToString());
        return Task.CompletedTask;
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        if (e.SessionItems[SessionIdentity.SessionKey] is not SessionIdentity identity)
        {
            return Task.CompletedTask;
        }

        var filter = e.TopicFilter.Topic;
        var allowed = identity.IsProvisioning
            ? filter == "$dps/registrations/res/#"
            : filter is "$iothub/twin/res/#" or "$iothub/twin/PATCH/properties/desired/#" or "$iothub/methods/POST/#"
                || filter == $"devices/{identity.DeviceId}/messages/devicebound/#"
                || (identity.ModuleId is not null && filter == $"devices/{identity.DeviceId}/modules/{identity.ModuleId}/#");
        if (!allowed)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        }
        else if (e.TopicFilter.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce)
        {
            e.TopicFilter.QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
        }

        return Task.CompletedTask;
    }

    private Task InterceptEnqueueAsync(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        var target = e.ApplicationMessage.UserProperties?.Find(p => p.Name == TargetProperty);
        e.AcceptEnqueue = target is not null && Encoding.UTF8.GetString(target.ValueBuffer.Span) == e.ReceiverClientId;
        return Task.CompletedTask;
    }

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        if (e.SessionItems?[SessionIdentity.SessionKey] is not SessionIdentity identity)
        {
            return; // Injected by the hub itself.
        }

        e.ProcessPublish = false;
        var message = e.ApplicationMessage;
        var topic = message.Topic;
        if (message.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce)
        {
            Close(e, identity, "QoS 2 publish");
            return;
        }

        if (message.Payload.Length > _options.MaxMessageBytes)
        {
            Close(e, identity, $"message of {message.Payload.Length} bytes exceeds {_options.MaxMessageBytes}");
            return;
        }

        var body = message.Payload.ToArray();
        if (identity.IsProvisioning)
        {
            await HandleProvisioningAsync(e, identity, topic).ConfigureAwait(false);
            return;
        }

        var telemetryPrefix = identity.ModuleId is null
            ? $"devices/{identity.DeviceId}/messages/events/"
            : $"devices/{identity.DeviceId}/modules/{identity.ModuleId}/messages/events/";
        if (topic.StartsWith(telemetryPrefix, StringComparison.Ordinal) || topic == telemetryPrefix.TrimEnd('/'))
        {
            var bag = topic.Length > telemetryPrefix.Length ? topic[telemetryPrefix.Length..] : string.Empty;
            var properties = PropertyBag.Decode(bag).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            _messages.Add(identity.DeviceId, identity.ModuleId, properties, identity.AuthMethod, _options.TimeProvider.GetUtcNow(), body);
            return;
        }

        if (topic.StartsWith(TwinGet, StringComparison.Ordinal))
        {
            var rid = Query(topic).GetValueOrDefault("$rid");
            var twin = _registry.DeviceTwin(identity.DeviceId, identity.ModuleId);
            await SendAsync(identity.ClientId, $"$iothub/twin/res/{(twin is null ? 404 : 200)}/?$rid={rid}", Encoding.UTF8.GetBytes(twin?.ToJsonString() ?? "{}")).ConfigureAwait(false);
            return;
        }

        if (topic.StartsWith(TwinPatchReported, StringComparison.Ordinal))
        {
            var rid = Query(topic).GetValueOrDefault("$rid");
            JsonObject? patch = null;
            try
            {
                patch = JsonNode.Parse(body) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
            }

            var result = patch is null
                ? new TwinUpdateResult(400, 0, "body is not a JSON object")
                : _registry.PatchReported(identity.DeviceId, identity.ModuleId, patch);
            var suffix = result.Status == 204 ? $"&$version={result.Version}" : string.Empty;
            var response = result.Error is null ? [] : Encoding.UTF8.GetBytes(new JsonObject { ["message"] = result.Error }.ToJsonString());
            await SendAsync(identity.ClientId, $"$iothub/twin/res/{result.Status}/?$rid={rid}{suffix}", response).ConfigureAwait(false);
            return;
        }

        if (topic.StartsWith("$iothub/methods/res/", StringComparison.Ordinal))
        {
            return; // Direct methods are not offered; answers are dropped.
        }

        Close(e, identity, $"publish to unsupported topic '{topic}'");
    }

    private async Task HandleProvisioningAsync(InterceptingPublishEventArgs e, SessionIdentity identity, string topic)
    {
        var query = Query(topic);
        var rid = query.GetValueOrDefault("$rid");
        if (topic.StartsWith(DpsRegister, StringComparison.Ordinal))
        {
            var operationId = Guid.NewGuid().ToString("N");
            var deviceId = identity.Enrollment?.DeviceId ?? identity.DeviceId;
            _registry.Upsert(deviceId, null, identity.DeviceKey, null, identity.Thumbprint);
            _operations[operationId] = deviceId;
            var body = new JsonObject { ["operationId"] = operationId, ["status"] = "assigning" };
            await SendAsync(identity.ClientId, $"$dps/registrations/res/202/?$rid={rid}&retry-after=1", Encoding.UTF8.GetBytes(body.ToJsonString())).ConfigureAwait(false);
            return;
        }

        if (topic.StartsWith(DpsPoll, StringComparison.Ordinal))
        {
            var operationId = query.GetValueOrDefault("operationId") ?? string.Empty;
            if (!_operations.TryGetValue(operationId, out var deviceId))
            {
                var error = new JsonObject { ["errorCode"] = 404001, ["message"] = "operation not found" };
                await SendAsync(identity.ClientId, $"$dps/registrations/res/404/?$rid={rid}", Encoding.UTF8.GetBytes(error.ToJsonString())).ConfigureAwait(false);
                return;
            }

            var now = _options.TimeProvider.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
            var body = new JsonObject
            {
                ["operationId"] = operationId,
                ["status"] = "assigned",
                ["registrationState"] = new JsonObject
                {
                    ["registrationId"] = identity.DeviceId,
                    ["createdDateTimeUtc"] = now,
                    ["assignedHub"] = _options.HostName,
                    ["deviceId"] = deviceId,
                    ["status"] = "assigned",
                    ["substatus"] = "initialAssignment",
                    ["lastUpdatedDateTimeUtc"] = now,
                    ["etag"] = operationId,
                },
            };
            await SendAsync(identity.ClientId, $"$dps/registrations/res/200/?$rid={rid}", Encoding.UTF8.GetBytes(body.ToJsonString())).ConfigureAwait(false);
            return;
        }

        Close(e, identity, $"publish to unsupported DPS topic '{topic}'");
    }

    private void Close(InterceptingPublishEventArgs e, SessionIdentity identity, string reason)
    {
        LocalHubLog.Closing(_logger, identity.ClientId, reason);
        e.ProcessPublish = false;
        e.CloseConnection = true;
    }

    private Task SendAsync(string clientId, string topic, byte[] body)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(body)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
            .WithUserProperty(TargetProperty, new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(clientId)))
            .Build();
        return _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "$localhub" }, CancellationToken.None);
    }

    private static Dictionary<string, string?> Query(string topic)
    {
        var question = topic.IndexOf('?', StringComparison.Ordinal);
        return question < 0
            ? new Dictionary<string, string?>(StringComparer.Ordinal)
            : PropertyBag.Decode(topic[(question + 1)..]).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }
}
