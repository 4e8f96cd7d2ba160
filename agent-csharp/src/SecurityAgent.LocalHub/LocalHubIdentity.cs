namespace SecurityAgent.LocalHub;

/// <summary>A device or module identity registered in the local hub.</summary>
/// <param name="DeviceId">The device id.</param>
/// <param name="ModuleId">The module id, or <see langword="null"/> for a device.</param>
/// <param name="PrimaryKey">The primary symmetric key (base64), or <see langword="null"/> for an X.509 identity.</param>
/// <param name="SecondaryKey">The secondary symmetric key, or <see langword="null"/>.</param>
/// <param name="Thumbprint">The registered certificate thumbprint (SHA-1, upper-case hex), or <see langword="null"/>.</param>
/// <param name="Status"><c>enabled</c> or <c>disabled</c>.</param>
public sealed record LocalHubIdentity(string DeviceId, string? ModuleId, string? PrimaryKey, string? SecondaryKey, string? Thumbprint, string Status)
{
    /// <summary>Builds the identity's connection string for a hub.</summary>
    /// <param name="hostName">The hub host name.</param>
    /// <param name="gatewayHostName">An optional gateway host name.</param>
    /// <returns>The connection string text.</returns>
    public string ConnectionString(string hostName, string? gatewayHostName = null)
    {
        var text = $"HostName={hostName};DeviceId={DeviceId}";
        if (ModuleId is not null)
        {
            text += $";ModuleId={ModuleId}";
        }

        if (gatewayHostName is not null)
        {
            text += $";GatewayHostName={gatewayHostName}";
        }

        return PrimaryKey is null ? text + ";x509=true" : text + $";SharedAccessKey={PrimaryKey}";
    }

    internal static LocalHubIdentity From(Registry.IdentityRecord record)
        => new(record.DeviceId, record.ModuleId, record.PrimaryKey, record.SecondaryKey, record.PrimaryThumbprint, record.Status);
}
