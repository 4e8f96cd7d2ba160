namespace SecurityAgent.LocalHub.Registry;

/// <summary>A device or module identity as stored in the registry file.</summary>
internal sealed class IdentityRecord
{
    public required string DeviceId { get; set; }

    public string? ModuleId { get; set; }

    public string? PrimaryKey { get; set; }

    public string? SecondaryKey { get; set; }

    public string? PrimaryThumbprint { get; set; }

    public string? SecondaryThumbprint { get; set; }

    public string Status { get; set; } = "enabled";

    public long Generation { get; set; } = 1;

    public TwinRecord Twin { get; set; } = new();

    public string AuthenticationType => PrimaryKey is not null ? "sas" : "selfSigned";
}
