using System.Globalization;
using SecurityAgent.Configuration;
using SecurityAgent.IotHub.Client;
using SecurityAgent.IotHub.ConnectionStrings;
using SecurityAgent.IotHub.Provisioning;

namespace SecurityAgent.Hosting;

/// <summary>
/// Turns the local configuration into the IoT Hub client's options: reads the key file, splits
/// <c>host:port</c>, and for a device identity asks the client to fetch the security module's key
/// and connect as that module, as the Azure agents do.
/// </summary>
internal static class HubClientOptionsFactory
{
    public const string SecurityModuleId = "azureiotsecurity";

    /// <exception cref="IOException">A key file cannot be read.</exception>
    public static IotHubClientOptions Create(LocalConfiguration configuration, TimeProvider timeProvider)
    {
        var identity = configuration.Identity;
        var authentication = identity.Authentication;
        var (hubHost, hubPort) = SplitPort(configuration.HubHostName);
        IotHubConnectionString? connectionString = null;
        DpsOptions? provisioning = null;
        var credentials = authentication;

        if (authentication.Dps is { } dps)
        {
            credentials = dps.Credentials;
            var (dpsHost, dpsPort) = SplitPort(dps.GlobalEndpoint);
            provisioning = new DpsOptions
            {
                GlobalEndpoint = dpsHost!,
                Port = dpsPort,
                IdScope = dps.IdScope,
                RegistrationId = dps.RegistrationId,
                SymmetricKey = credentials.Method == AuthenticationMethod.SasKey ? ReadKey(credentials.KeyFile!) : null,
            };
        }
        else if (authentication.Method == AuthenticationMethod.SasKey)
        {
            connectionString = IotHubConnectionString.ForKey(hubHost!, identity.DeviceId!, identity.ModuleId, ReadKey(authentication.KeyFile!), configuration.GatewayHostName);
        }
        else
        {
            connectionString = IotHubConnectionString.ForX509(hubHost!, identity.DeviceId!, identity.ModuleId, configuration.GatewayHostName);
        }

        var x509 = credentials.Method == AuthenticationMethod.X509;
        return new IotHubClientOptions
        {
            ConnectionString = connectionString,
            Provisioning = provisioning,
            SecurityModuleId = identity.IsModule ? null : SecurityModuleId,
            Port = hubPort,
            UseWebSockets = configuration.Transport.UseWebSockets,
            KeepAlive = configuration.Transport.KeepAlive,
            CaFile = configuration.CaFile,
            ClientCertificateFile = x509 ? credentials.CertificateFile : null,
            ClientKeyFile = x509 ? credentials.KeyFile : null,
            TimeProvider = timeProvider,
        };
    }

    /// <summary>"host:8883" → ("host", 8883); "host" → ("host", null).</summary>
    internal static (string? Host, int? Port) SplitPort(string? hostAndPort)
    {
        if (hostAndPort is null)
            return (null, null);
        var colon = hostAndPort.LastIndexOf(':');
        return colon < 0
            ? (hostAndPort, null)
            : (hostAndPort[..colon], int.Parse(hostAndPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture));
    }

    private static string ReadKey(string path) => File.ReadAllText(path).Trim();
}
