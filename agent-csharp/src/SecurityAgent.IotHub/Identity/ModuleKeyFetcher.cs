using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SecurityAgent.IotHub.Authentication;
using SecurityAgent.IotHub.Client;
using SecurityAgent.IotHub.Tls;

namespace SecurityAgent.IotHub.Identity;

/// <summary>
/// Reads a module's primary key over the hub's REST API with a device's credentials
/// (<c>GET /devices/{device}/modules/{module}</c>), as the Azure security agents do for <c>azureiotsecurity</c>.
/// </summary>
internal static class ModuleKeyFetcher
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(10);

    public static async Task<string> FetchAsync(ResolvedIdentity device, string moduleId, int port, TlsTrust trust, TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = trust.Callback;
        if (device.Certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [device.Certificate];
        }

        using var http = new HttpClient(handler) { Timeout = timeout };
        var uri = new Uri($"https://{device.ConnectHost}:{port}/devices/{Uri.EscapeDataString(device.DeviceId)}/modules/{Uri.EscapeDataString(moduleId)}?api-version={MqttOptionsFactory.ApiVersion}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (device.Key is not null)
        {
            var token = SharedAccessSignature.Create(SharedAccessSignature.IdentityResource(device.HostName, device.DeviceId, null), device.Key, time.GetUtcNow() + TokenLifetime);
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(token);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new IotHubException(IotHubErrorKind.ConnectionFailed, $"Could not reach the hub's REST API at {uri.Host}:{port} to read module '{moduleId}': {ex.Message}", null, ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new IotHubException(IotHubErrorKind.Unauthorized, $"The hub refused the device's credentials when reading module '{moduleId}' ({(int)response.StatusCode}).", (int)response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new IotHubException(IotHubErrorKind.Rejected, $"Reading module '{moduleId}' failed with HTTP {(int)response.StatusCode}.", (int)response.StatusCode);
            }

            var key = JsonNode.Parse(body)?["authentication"]?["symmetricKey"]?["primaryKey"]?.GetValue<string>();
            return string.IsNullOrEmpty(key)
                ? throw new IotHubException(IotHubErrorKind.Rejected, $"Module '{moduleId}' has no symmetric primary key.")
                : key;
        }
    }
}
