namespace SecurityAgent.LocalHub.Registry;

/// <summary>The whole registry file: service policies, identities with their twins, and DPS enrollments.</summary>
internal sealed class RegistryDocument
{
    public Dictionary<string, string> Policies { get; set; } = new(StringComparer.Ordinal);

    public List<IdentityRecord> Identities { get; set; } = [];

    public List<EnrollmentRecord> Enrollments { get; set; } = [];
}
