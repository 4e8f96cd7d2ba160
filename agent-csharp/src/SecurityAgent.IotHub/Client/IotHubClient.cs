using System.Buffers;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using SecurityAgent.IotHub.Authentication;
using SecurityAgent.IotHub.Identity;
using SecurityAgent.IotHub.Messaging;
using SecurityAgent.IotHub.Provisioning;
using SecurityAgent.IotHub.Tls;

namespace SecurityAgent.IotHub.Client;

/// <summary>
/// A device or module client for Azure IoT Hub over MQTT 3.1.1 on TLS (or WebSockets): telemetry
/// at QoS 1, the twin, SAS renewal and reconnects with exponential backoff and jitter.
/// </summary>
/// <remarks>
/// Thread-safe: sends and twin operations may run concurrently from any thread. Events are raised
/// on the client's receive thread, in the order the hub sent them; a handler that throws is logged
/// and otherwise ignored. After <see cref="ConnectAsync"/> succeeds the client keeps itself
/// connected until <see cref="DisposeAsync"/>.
/// </remarks>
public sealed class IotHubClient : IAsyncDisposable
{
    private const double RenewAtFraction = 0.85;
    private const string TwinResponsePrefix = "$iothub/twin/res/";
    private const string DesiredPatchPrefix = "$iothub/twin/PATCH/properties/desired/";

    private readonly IotHubClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TlsTrust _trust;
    private readonly X509Certificate2? _certificate;
    private readonly ReconnectBackoff _backoff;
    private readonly TwinRequests _twinRequests = new();
    private IMqttClient _mqtt;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly object _stateLock = new();
    private ResolvedIdentity? _identity;
    private ConnectionState _state;
    private TaskCompletionSource _connectionLost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _renewAt = DateTimeOffset.MaxValue;
    private bool _closingOnPurpose;
    private long _desiredVersion = -1;
    private Task? _supervisor;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="IotHubClient"/> class; does not connect.</summary>
    /// <param name="options">The settings; checked here, once.</param>
    /// <param name="logger">Where state changes and failures are logged.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public IotHubClient(IotHubClientOptions options, ILogger<IotHubClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = options.TimeProvider;
        _trust = options.CaFile is null ? TlsTrust.System : TlsTrust.FromCaFile(options.CaFile);
        _certificate = options.ClientCertificateFile is null ? null : ClientCertificateLoader.Load(options.ClientCertificateFile, options.ClientKeyFile, options.ClientCertificatePassword);
        _backoff = new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay);
        _mqtt = NewMqttClient();
    }

    /// <summary>Raised on every change of <see cref="State"/>.</summary>
    public event EventHandler<ConnectionStateChangedEventArgs>? ConnectionStateChanged;

    /// <summary>Raised with the full desired section after every connect, and with each newer desired patch; older or repeated versions are ignored.</summary>
    public event EventHandler<DesiredPropertiesChangedEventArgs>? DesiredPropertiesChanged;

    /// <summary>Gets the connection state.</summary>
    public ConnectionState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    /// <summary>Gets the MQTT client id in use (<c>device</c> or <c>device/module</c>), once resolved by <see cref="ConnectAsync"/>.</summary>
    public string? ClientId => _identity?.ClientId;

    /// <summary>Gets the desired version the client has applied, or -1 before the first twin GET.</summary>
    public long DesiredVersion => Interlocked.Read(ref _desiredVersion);

    /// <summary>
    /// Resolves the identity (DPS registration, module-key fetch) and opens the first connection.
    /// From then on the client reconnects by itself.
    /// </summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>A task that completes when connected (and, if configured, after the first twin GET was sent).</returns>
    /// <exception cref="IotHubException">The first connection failed; <see cref="IotHubException.Kind"/> says why.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_supervisor is not null)
        {
            return;
        }

        SetState(ConnectionState.Connecting, "connect requested", null);
        try
        {
            _identity ??= await ResolveIdentityAsync(cancellationToken).ConfigureAwait(false);
            await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SetState(ConnectionState.Disconnected, "first connection failed", ex);
            throw;
        }

        _supervisor = Task.Run(SuperviseAsync, CancellationToken.None);
    }

    /// <summary>Sends a security message: QoS 1 with the security property bag; completes when the hub acknowledges it (PUBACK).</summary>
    /// <param name="body">The UTF-8 JSON message.</param>
    /// <param name="messageId">The message id (<c>$.mid</c>), so the hub side can de-duplicate a resend.</param>
    /// <param name="cancellationToken">Cancels the wait; the message may still have been delivered.</param>
    /// <returns>A task that completes on PUBACK.</returns>
    /// <exception cref="IotHubException">Too large (nothing sent), not connected, or the connection dropped before PUBACK.</exception>
    public Task SendSecurityMessageAsync(ReadOnlyMemory<byte> body, string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return SendTelemetryAsync(
            body,
            [
                new("$.ifid", SecurityMessage.InterfaceId),
                new("$.ct", SecurityMessage.ContentType),
                new("$.ce", SecurityMessage.ContentEncoding),
                new("$.mid", messageId),
            ],
            cancellationToken);
    }

    /// <summary>Sends telemetry at QoS 1 with the given property bag; completes on PUBACK.</summary>
    /// <param name="body">The message body.</param>
    /// <param name="properties">System (<c>$.</c>-prefixed) and application properties, unencoded.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes on PUBACK.</returns>
    /// <exception cref="IotHubException">Too large (nothing sent), not connected, or the connection dropped before PUBACK.</exception>
    public async Task SendTelemetryAsync(ReadOnlyMemory<byte> body, IReadOnlyList<KeyValuePair<string, string?>> properties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var size = body.Length + properties.Sum(p => p.Key.Length + (p.Value?.Length ?? 0));
        if (size > SecurityMessage.MaxMessageBytes)
        {
            throw new IotHubException(IotHubErrorKind.MessageTooLarge, $"Message of {size} bytes (body and properties) exceeds IoT Hub's limit of {SecurityMessage.MaxMessageBytes} bytes; it was not sent.");
        }

        var identity = RequireConnected();
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(identity.TelemetryTopic + PropertyBag.Encode(properties))
            .WithPayload(body.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        MqttClientPublishResult result;
        try
        {
            result = await _mqtt.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or InvalidOperationException)
        {
            throw new IotHubException(IotHubErrorKind.NotConnected, "The connection dropped before the hub acknowledged the message.", null, ex);
        }

        if (!result.IsSuccess)
        {
            throw new IotHubException(IotHubErrorKind.Rejected, $"The hub did not accept the message ({result.ReasonCode}).");
        }
    }

    /// <summary>Gets the twin's desired and reported properties.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The properties.</returns>
    /// <exception cref="IotHubException">Not connected, timed out, or the hub answered with an error status.</exception>
    public async Task<TwinProperties> GetTwinAsync(CancellationToken cancellationToken = default)
    {
        var response = await TwinRequestAsync("$iothub/twin/GET/", [], cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw new IotHubException(IotHubErrorKind.Rejected, $"Twin GET failed with status {response.Status}.", response.Status);
        }

        return TwinProperties.Parse(response.Body);
    }

    /// <summary>Patches the reported properties (a member set to <see langword="null"/> is deleted); retries 429 and 5xx answers with backoff.</summary>
    /// <param name="patch">The patch.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The new reported version.</returns>
    /// <exception cref="IotHubException">Rejected (for example 400 for an invalid patch), still failing after the configured attempts, or not connected.</exception>
    public async Task<long> UpdateReportedAsync(JsonObject patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var body = Encoding.UTF8.GetBytes(patch.ToJsonString());
        for (var attempt = 1; ; attempt++)
        {
            var response = await TwinRequestAsync("$iothub/twin/PATCH/properties/reported/", body, cancellationToken).ConfigureAwait(false);
            if (response.Status is >= 200 and < 300)
            {
                return response.Version ?? 0;
            }

            var error = new IotHubException(IotHubErrorKind.Rejected, $"Reported properties patch failed with status {response.Status} (attempt {attempt}).", response.Status);
            if (!error.IsTransient || attempt >= _options.ReportedPatchAttempts)
            {
                throw error;
            }

            var delay = _backoff.Delay(attempt);
            IotHubClientLog.ReportedRetry(_logger, response.Status, delay);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Disconnects and stops reconnecting. Idempotent.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_supervisor is not null)
        {
            await _supervisor.ConfigureAwait(false);
        }

        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _closingOnPurpose = true;
            if (_mqtt.IsConnected)
            {
                await _mqtt.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (MqttCommunicationException)
        {
            // Already gone.
        }
        finally
        {
            _connectLock.Release();
        }

        _twinRequests.FailAll(new IotHubException(IotHubErrorKind.NotConnected, "The client was disposed."));
        SetState(ConnectionState.Disconnected, "disposed", null);
        _mqtt.Dispose();
        _certificate?.Dispose();
        _lifetime.Dispose();
        _connectLock.Dispose();
    }

    internal static async Task ConnectMqttAsync(IMqttClient mqtt, MqttClientOptions options, string host, CancellationToken cancellationToken)
    {
        MqttClientConnectResult result;
        try
        {
            result = await mqtt.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (MqttConnectingFailedException ex) when (ex.Message.Contains("NotAuthorized", StringComparison.Ordinal) || ex.Message.Contains("BadUserNameOrPassword", StringComparison.Ordinal))
        {
            throw Unauthorized(host, options.ClientId, ex);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or System.Security.Authentication.AuthenticationException or System.Net.Sockets.SocketException or IOException)
        {
            var detail = ex is System.Security.Authentication.AuthenticationException || ex.InnerException is System.Security.Authentication.AuthenticationException
                ? "the TLS handshake failed (is the server certificate trusted by the CA file?)"
                : ex.Message;
            throw new IotHubException(IotHubErrorKind.ConnectionFailed, $"Could not connect to {host}: {detail}", null, ex);
        }

        if (result.ResultCode is MqttClientConnectResultCode.NotAuthorized or MqttClientConnectResultCode.BadUserNameOrPassword)
        {
            throw Unauthorized(host, options.ClientId, null);
        }

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new IotHubException(IotHubErrorKind.ConnectionFailed, $"{host} refused the connection of '{options.ClientId}' ({result.ResultCode}).");
        }
    }

    private static IotHubException Unauthorized(string host, string clientId, Exception? inner)
        => new(IotHubErrorKind.Unauthorized, $"{host} refused the credentials of '{clientId}' (CONNACK 5, not authorized): wrong or expired key, token or certificate, or an unknown identity.", 5, inner);

    private async Task<ResolvedIdentity> ResolveIdentityAsync(CancellationToken cancellationToken)
    {
        ResolvedIdentity identity;
        if (_options.Provisioning is { } dps)
        {
            IotHubClientLog.Registering(_logger, dps.RegistrationId, dps.GlobalEndpoint);
            var result = await DpsRegistrationClient.RegisterAsync(dps, _options.UseWebSockets, _trust, _certificate, _options.OperationTimeout, _time, cancellationToken).ConfigureAwait(false);
            IotHubClientLog.Assigned(_logger, result.DeviceId, result.AssignedHub);
            identity = new ResolvedIdentity(result.AssignedHub, dps.AssignedHubGatewayHostName ?? result.AssignedHub, result.DeviceId, null, result.DeviceKey, _certificate);
        }
        else
        {
            var cs = _options.ConnectionString!;
            identity = new ResolvedIdentity(cs.HostName, cs.ConnectHostName, cs.DeviceId!, cs.ModuleId, cs.SharedAccessKey, cs.UsesX509 ? _certificate : null);
        }

        if (_options.SecurityModuleId is { } moduleId)
        {
            IotHubClientLog.FetchingModuleKey(_logger, moduleId, identity.DeviceId);
            var key = await ModuleKeyFetcher.FetchAsync(identity, moduleId, _options.RestPort, _trust, _time, _options.OperationTimeout, cancellationToken).ConfigureAwait(false);
            identity = identity with { ModuleId = moduleId, Key = key, Certificate = null };
        }

        return identity;
    }

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var identity = _identity!;
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string? password = null;
            var renewAt = DateTimeOffset.MaxValue;
            if (identity.Key is not null)
            {
                var now = _time.GetUtcNow();
                password = SharedAccessSignature.Create(SharedAccessSignature.IdentityResource(identity.HostName, identity.DeviceId, identity.ModuleId), identity.Key, now + _options.SasTokenLifetime);
                renewAt = now + (_options.SasTokenLifetime * RenewAtFraction);
            }

            var options = MqttOptionsFactory.Create(
                identity.ConnectHost,
                _options.EffectivePort,
                _options.UseWebSockets,
                identity.ClientId,
                identity.UserName,
                password,
                _trust,
                identity.Certificate,
                _options.KeepAlive,
                _options.OperationTimeout,
                cleanSession: false);
            // A fresh MQTTnet client per connection: a disconnected one may still be tearing down.
            var previous = _mqtt;
            _mqtt = NewMqttClient();
            previous.Dispose();
            _closingOnPurpose = false;
            _connectionLost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await ConnectMqttAsync(_mqtt, options, identity.ConnectHost, cancellationToken).ConfigureAwait(false);
            var subscribe = new MqttClientFactory().CreateSubscribeOptionsBuilder()
                .WithTopicFilter(TwinResponsePrefix + "#", MqttQualityOfServiceLevel.AtMostOnce)
                .WithTopicFilter(DesiredPatchPrefix + "#", MqttQualityOfServiceLevel.AtMostOnce)
                .Build();
            await _mqtt.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
            _renewAt = renewAt;
        }
        finally
        {
            _connectLock.Release();
        }

        SetState(ConnectionState.Connected, $"connected to {identity.ConnectHost}:{_options.EffectivePort} as {identity.ClientId}", null);
        if (_options.SynchronizeTwinOnConnect)
        {
            _ = Task.Run(() => SynchronizeTwinAsync(_lifetime.Token), CancellationToken.None);
        }
    }

    private async Task SynchronizeTwinAsync(CancellationToken cancellationToken)
    {
        try
        {
            var twin = await GetTwinAsync(cancellationToken).ConfigureAwait(false);
            ApplyDesired(twin.Desired, twin.DesiredVersion, isFullDocument: true);
        }
        catch (Exception ex) when (ex is IotHubException or OperationCanceledException or FormatException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                IotHubClientLog.TwinSyncFailed(_logger, ex);
            }
        }
    }

    private void ApplyDesired(JsonObject desired, long version, bool isFullDocument)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _desiredVersion);
            if (version <= current && !(isFullDocument && version == current && current >= 0))
            {
                IotHubClientLog.DesiredIgnored(_logger, version, current);
                return;
            }

            if (Interlocked.CompareExchange(ref _desiredVersion, version, current) == current)
            {
                if (!isFullDocument && current >= 0 && version > current + 1)
                {
                    IotHubClientLog.DesiredGap(_logger, current, version);
                    _ = Task.Run(() => SynchronizeTwinAsync(_lifetime.Token), CancellationToken.None);
                }

                break;
            }
        }

        try
        {
            DesiredPropertiesChanged?.Invoke(this, new DesiredPropertiesChangedEventArgs(desired, version, isFullDocument));
        }
#pragma warning disable CA1031 // A subscriber's failure must not break the receive loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            IotHubClientLog.HandlerFailed(_logger, ex);
        }
    }

    private async Task<TwinResponse> TwinRequestAsync(string topicPrefix, byte[] body, CancellationToken cancellationToken)
    {
        RequireConnected();
        var (rid, response) = _twinRequests.Begin();
        try
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic($"{topicPrefix}?$rid={rid}")
                .WithPayload(body)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
                .Build();
            await _mqtt.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            return await response.WaitAsync(_options.OperationTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new IotHubException(IotHubErrorKind.Timeout, $"The hub did not answer the twin request within {_options.OperationTimeout}.", null, ex);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or InvalidOperationException)
        {
            throw new IotHubException(IotHubErrorKind.NotConnected, "The connection dropped during the twin request.", null, ex);
        }
        finally
        {
            _twinRequests.Abandon(rid);
        }
    }

    private ResolvedIdentity RequireConnected()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _identity is not null && _mqtt.IsConnected
            ? _identity
            : throw new IotHubException(IotHubErrorKind.NotConnected, $"Not connected to IoT Hub (state {State}).");
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        var payload = e.ApplicationMessage.Payload.ToArray();
        if (topic.StartsWith(TwinResponsePrefix, StringComparison.Ordinal))
        {
            var rest = topic[TwinResponsePrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var query = Query(rest);
            if (int.TryParse(slash < 0 ? rest : rest[..slash], NumberStyles.Integer, CultureInfo.InvariantCulture, out var status)
                && query.TryGetValue("$rid", out var rid) && rid is not null)
            {
                long? version = query.TryGetValue("$version", out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
                _twinRequests.Complete(rid, new TwinResponse(status, version, payload));
            }
        }
        else if (topic.StartsWith(DesiredPatchPrefix, StringComparison.Ordinal))
        {
            try
            {
                var patch = JsonNode.Parse(payload)?.AsObject() ?? [];
                var version = patch["$version"]?.GetValue<long>()
                    ?? (long.TryParse(Query(topic[DesiredPatchPrefix.Length..]).GetValueOrDefault("$version"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1);
                patch.Remove("$version");
                ApplyDesired(patch, version, isFullDocument: false);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                IotHubClientLog.MalformedPatch(_logger, ex);
            }
        }

        return Task.CompletedTask;
    }

    private static Dictionary<string, string?> Query(string topicTail)
    {
        var question = topicTail.IndexOf('?', StringComparison.Ordinal);
        return question < 0
            ? new Dictionary<string, string?>(StringComparer.Ordinal)
            : PropertyBag.Decode(topicTail[(question + 1)..]).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    private IMqttClient NewMqttClient()
    {
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += e => ReferenceEquals(client, _mqtt) ? OnDisconnectedAsync(e) : Task.CompletedTask;
        return client;
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        _twinRequests.FailAll(new IotHubException(IotHubErrorKind.NotConnected, "The connection to the hub was lost."));
        if (!_closingOnPurpose && e.ClientWasConnected)
        {
            IotHubClientLog.ConnectionLost(_logger, e.Exception, e.Reason.ToString());
            _connectionLost.TrySetResult();
        }

        return Task.CompletedTask;
    }

    private async Task SuperviseAsync()
    {
        var token = _lifetime.Token;
        while (!token.IsCancellationRequested)
        {
            string reason;
            try
            {
                var lost = _connectionLost.Task;
                var untilRenewal = _renewAt == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : _renewAt - _time.GetUtcNow();
                if (untilRenewal != Timeout.InfiniteTimeSpan && untilRenewal < TimeSpan.Zero)
                {
                    untilRenewal = TimeSpan.Zero;
                }

                var renewal = Task.Delay(untilRenewal, _time, token);
                var first = await Task.WhenAny(lost, renewal).ConfigureAwait(false);
                token.ThrowIfCancellationRequested();
                reason = first == lost ? "connection lost" : "renewing the SAS token";
            }
            catch (OperationCanceledException)
            {
                return;
            }

            SetState(ConnectionState.Reconnecting, reason, null);
            if (reason != "connection lost")
            {
                await CloseQuietlyAsync().ConfigureAwait(false);
            }

            for (var attempt = 1; !token.IsCancellationRequested; attempt++)
            {
                try
                {
                    await ConnectOnceAsync(token).ConfigureAwait(false);
                    break;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (IotHubException ex)
                {
                    var delay = _backoff.Delay(attempt);
                    IotHubClientLog.ReconnectFailed(_logger, attempt, ex.Kind, ex.Message, delay);
                    SetState(ConnectionState.Reconnecting, $"attempt {attempt} failed; retrying in {delay}", ex);
                    try
                    {
                        await Task.Delay(delay, _time, token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
    }

    private async Task CloseQuietlyAsync()
    {
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _closingOnPurpose = true;
            if (_mqtt.IsConnected)
            {
                await _mqtt.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (MqttCommunicationException ex)
        {
            IotHubClientLog.ConnectionLost(_logger, ex, "disconnect before renewal failed");
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private void SetState(ConnectionState state, string reason, Exception? error)
    {
        ConnectionState previous;
        lock (_stateLock)
        {
            previous = _state;
            _state = state;
        }

        if (error is null)
        {
            IotHubClientLog.StateChanged(_logger, previous, state, reason);
        }
        else
        {
            IotHubClientLog.StateChangedWithError(_logger, previous, state, reason, error.Message);
        }

        try
        {
            ConnectionStateChanged?.Invoke(this, new ConnectionStateChangedEventArgs(previous, state, reason, error));
        }
#pragma warning disable CA1031 // A subscriber's failure must not break the connection logic.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            IotHubClientLog.HandlerFailed(_logger, ex);
        }
    }
}
