using Microsoft.Extensions.Logging;

namespace SecurityAgent.LocalHub;

/// <summary>The log messages of the local hub.</summary>
internal static partial class LocalHubLog
{
    [LoggerMessage(1, LogLevel.Information, "Local hub {HostName} listening: MQTT/TLS on 127.0.0.1:{MqttPort}, HTTPS on 127.0.0.1:{HttpsPort}; CA file {CaFile}")]
    public static partial void Started(ILogger logger, string hostName, int mqttPort, int httpsPort, string caFile);

    [LoggerMessage(2, LogLevel.Warning, "Refused connection of '{ClientId}' (CONNACK 5): {Reason}")]
    public static partial void Refused(ILogger logger, string clientId, string reason);

    [LoggerMessage(3, LogLevel.Information, "Accepted connection of '{ClientId}' ({AuthMethod})")]
    public static partial void Accepted(ILogger logger, string clientId, string authMethod);

    [LoggerMessage(4, LogLevel.Warning, "Closing the connection of '{ClientId}': {Reason}")]
    public static partial void Closing(ILogger logger, string clientId, string reason);

    [LoggerMessage(5, LogLevel.Information, "Connection of '{ClientId}' ended ({Type})")]
    public static partial void Disconnected(ILogger logger, string clientId, string type);

    [LoggerMessage(6, LogLevel.Warning, "Refused REST request {Method} {Path}: {Reason}")]
    public static partial void RestRefused(ILogger logger, string method, string path, string reason);
}
