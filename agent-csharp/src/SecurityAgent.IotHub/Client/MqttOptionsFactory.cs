using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using SecurityAgent.IotHub.Tls;

namespace SecurityAgent.IotHub.Client;

/// <summary>Builds MQTTnet client options for IoT Hub and DPS: MQTT 3.1.1, TLS 1.2+, the pinned trust, optional WebSockets.</summary>
internal static class MqttOptionsFactory
{
    public const string ApiVersion = "2021-04-12";

    public static MqttClientOptions Create(
        string host,
        int port,
        bool webSockets,
        string clientId,
        string userName,
        string? password,
        TlsTrust trust,
        X509Certificate2? certificate,
        TimeSpan keepAlive,
        TimeSpan timeout,
        bool cleanSession)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithCleanSession(cleanSession)
            .WithKeepAlivePeriod(keepAlive)
            .WithTimeout(timeout);
        builder = password is null ? builder.WithCredentials(userName, (byte[]?)null) : builder.WithCredentials(userName, password);
        builder = webSockets
            ? builder.WithWebSocketServer(o => o.WithUri($"wss://{host}:{port}/$iothub/websocket"))
            : builder.WithTcpServer(host, port);
        return builder.WithTlsOptions(tls =>
        {
            tls.UseTls()
                .WithTargetHost(host)
                .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                .WithCertificateValidationHandler(e => trust.Validate(e.Certificate, e.SslPolicyErrors));
            if (certificate is not null)
            {
                tls.WithClientCertificates([certificate]);
            }
        }).Build();
    }
}
