namespace SecurityAgent.LocalHub.Registry;

/// <summary>A DPS enrollment: individual (one registration id) or a group (any registration id whose derived key matches).</summary>
internal sealed class EnrollmentRecord
{
    public required string Id { get; set; }

    public bool IsGroup { get; set; }

    public string? PrimaryKey { get; set; }

    public string? Thumbprint { get; set; }

    public string? DeviceId { get; set; }
}
