namespace SecurityAgent.Configuration;

/// <summary>Device Provisioning Service registration.</summary>
/// <param name="IdScope">The DPS id scope.</param>
/// <param name="RegistrationId">The registration id.</param>
/// <param name="GlobalEndpoint">The DPS host, with an optional <c>:port</c>.</param>
/// <param name="Credentials">How the registration authenticates (SasKey or X509).</param>
public sealed record DpsSettings(string IdScope, string RegistrationId, string GlobalEndpoint, AuthenticationSettings Credentials);
