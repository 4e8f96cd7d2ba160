using System.Security.Cryptography.X509Certificates;

namespace SecurityAgent.IotHub.Client;

/// <summary>The identity the client connects as after DPS and the module-key fetch.</summary>
internal sealed record ResolvedIdentity(string HostName, string ConnectHost, string DeviceId, string? ModuleId, string? Key, X509Certificate2? Certificate)
{
    public string ClientId => ModuleId is null ? DeviceId : $"{DeviceId}/{ModuleId}";

    public string UserName => ModuleId is null
        ? $"{ConnectHost}/{DeviceId}/?api-version={MqttOptionsFactory.ApiVersion}"
        : $"{ConnectHost}/{DeviceId}/{ModuleId}/?api-version={MqttOptionsFactory.ApiVersion}";

    public string TelemetryTopic => ModuleId is null
        ? $"devices/{DeviceId}/messages/events/"
        : $"devices/{DeviceId}/modules/{ModuleId}/messages/events/";
}
