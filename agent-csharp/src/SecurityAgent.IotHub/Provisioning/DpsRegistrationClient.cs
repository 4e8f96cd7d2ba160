using System.Buffers;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;
using SecurityAgent.IotHub.Authentication;
using SecurityAgent.IotHub.Client;
using SecurityAgent.IotHub.Messaging;
using SecurityAgent.IotHub.Tls;

namespace SecurityAgent.IotHub.Provisioning;

/// <summary>
/// Registers a device with DPS over MQTT: subscribe to the responses, PUT the registration, then
/// poll the operation (honouring <c>retry-after</c>) until DPS answers 200.
/// </summary>
internal static class DpsRegistrationClient
{
    private const string DpsApiVersion = "2019-03-31";
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(2);

    public static async Task<DpsRegistrationResult> RegisterAsync(
        DpsOptions dps,
        bool webSockets,
        TlsTrust trust,
        X509Certificate2? certificate,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var key = dps.EnrollmentGroupKey is not null
            ? SharedAccessSignature.DeriveDeviceKey(dps.EnrollmentGroupKey, dps.RegistrationId)
            : dps.SymmetricKey;
        var resource = $"{dps.IdScope}/registrations/{dps.RegistrationId}";
        var password = key is null ? null : SharedAccessSignature.Create(resource, key, time.GetUtcNow().AddHours(1), "registration");
        var options = MqttOptionsFactory.Create(
            dps.GlobalEndpoint,
            dps.Port ?? (webSockets ? IotHubClientOptions.DefaultHttpsPort : IotHubClientOptions.DefaultMqttPort),
            webSockets,
            dps.RegistrationId,
            $"{resource}/api-version={DpsApiVersion}",
            password,
            trust,
            certificate,
            TimeSpan.FromSeconds(60),
            timeout,
            cleanSession: true);

        var responses = Channel.CreateUnbounded<(int Status, Dictionary<string, string?> Query, byte[] Body)>();
        using var mqtt = new MqttClientFactory().CreateMqttClient();
        mqtt.ApplicationMessageReceivedAsync += e =>
        {
            var topic = e.ApplicationMessage.Topic;
            const string prefix = "$dps/registrations/res/";
            if (topic.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = topic[prefix.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                var query = slash < 0 ? string.Empty : rest[(slash + 1)..].TrimStart('?');
                if (int.TryParse(slash < 0 ? rest : rest[..slash], NumberStyles.Integer, CultureInfo.InvariantCulture, out var status))
                {
                    var values = PropertyBag.Decode(query).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                    responses.Writer.TryWrite((status, values, e.ApplicationMessage.Payload.ToArray()));
                }
            }

            return Task.CompletedTask;
        };

        await IotHubClient.ConnectMqttAsync(mqtt, options, dps.GlobalEndpoint, cancellationToken).ConfigureAwait(false);
        try
        {
            await mqtt.SubscribeAsync("$dps/registrations/res/#", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken).ConfigureAwait(false);
            var body = Encoding.UTF8.GetBytes(new JsonObject { ["registrationId"] = dps.RegistrationId }.ToJsonString());
            var rid = 1;
            await PublishAsync(mqtt, $"$dps/registrations/PUT/iotdps-register/?$rid={rid}", body, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var (status, query, payload) = await ReadAsync(responses.Reader, timeout, cancellationToken).ConfigureAwait(false);
                if (query.GetValueOrDefault("$rid") != rid.ToString(CultureInfo.InvariantCulture))
                {
                    continue;
                }

                var json = payload.Length == 0 ? null : JsonNode.Parse(payload)?.AsObject();
                if (status == 200)
                {
                    return Finish(json, key);
                }

                if (status != 202)
                {
                    var message = json?["message"]?.GetValue<string>() ?? Encoding.UTF8.GetString(payload);
                    throw new IotHubException(status is 401 or 403 ? IotHubErrorKind.Unauthorized : IotHubErrorKind.ProvisioningFailed, $"DPS refused the registration of '{dps.RegistrationId}' with status {status}: {message}", status);
                }

                var operationId = json?["operationId"]?.GetValue<string>()
                    ?? throw new IotHubException(IotHubErrorKind.ProvisioningFailed, "DPS answered 202 without an operationId.", status);
                var retryAfter = query.TryGetValue("retry-after", out var seconds) && int.TryParse(seconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s is > 0 and < 600
                    ? TimeSpan.FromSeconds(s)
                    : DefaultRetryAfter;
                await Task.Delay(retryAfter, time, cancellationToken).ConfigureAwait(false);
                rid++;
                await PublishAsync(mqtt, $"$dps/registrations/GET/iotdps-get-operationstatus/?$rid={rid}&operationId={Uri.EscapeDataString(operationId)}", [], cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (mqtt.IsConnected)
            {
                await mqtt.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static DpsRegistrationResult Finish(JsonObject? json, string? key)
    {
        var state = json?["registrationState"];
        var status = state?["status"]?.GetValue<string>() ?? json?["status"]?.GetValue<string>();
        var hub = state?["assignedHub"]?.GetValue<string>();
        var deviceId = state?["deviceId"]?.GetValue<string>();
        if (status != "assigned" || string.IsNullOrEmpty(hub) || string.IsNullOrEmpty(deviceId))
        {
            throw new IotHubException(IotHubErrorKind.ProvisioningFailed, $"DPS registration ended with status '{status ?? "none"}' instead of 'assigned'.", 200);
        }

        return new DpsRegistrationResult(hub, deviceId, key);
    }

    private static Task<MqttClientPublishResult> PublishAsync(IMqttClient mqtt, string topic, byte[] body, CancellationToken cancellationToken)
        => mqtt.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(body).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);

    private static async Task<T> ReadAsync<T>(ChannelReader<T> reader, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return await reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IotHubException(IotHubErrorKind.Timeout, $"DPS did not answer within {timeout}.");
        }
    }
}
