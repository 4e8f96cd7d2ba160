namespace SecurityAgent.LocalHub.Mqtt;

/// <summary>Who an authenticated MQTT session is: a hub identity, or a DPS registration.</summary>
/// <param name="DeviceId">The device id (for DPS, the registration id).</param>
/// <param name="ModuleId">The module id, or <see langword="null"/>.</param>
/// <param name="AuthMethod"><c>sas</c> or <c>x509</c>.</param>
/// <param name="IsProvisioning">Whether this is a DPS session.</param>
/// <param name="DeviceKey">For DPS: the key the device will use on the hub (individual or derived), if any.</param>
/// <param name="Thumbprint">For DPS with X.509: the certificate thumbprint.</param>
/// <param name="Enrollment">For DPS: the enrollment that admitted the registration.</param>
internal sealed record SessionIdentity(string DeviceId, string? ModuleId, string AuthMethod, bool IsProvisioning = false, string? DeviceKey = null, string? Thumbprint = null, Registry.EnrollmentRecord? Enrollment = null)
{
    public const string SessionKey = "securityagent.identity";

    public string ClientId => ModuleId is null ? DeviceId : $"{DeviceId}/{ModuleId}";
}
