using SecurityAgent.IotHub.Provisioning;

namespace SecurityAgent.IotHub.Tests.Support;

/// <summary>What a test varies in the client options; the rest comes from the harness.</summary>
public sealed class ClientSettings
{
    public DpsOptions? Provisioning { get; init; }

    public string? SecurityModuleId { get; init; }

    public string? CaFile { get; init; }

    public string? CertificateFile { get; init; }

    public string? KeyFile { get; init; }

    public TimeSpan? SasTokenLifetime { get; init; }

    public TimeProvider? TimeProvider { get; init; }
}
