namespace SecurityAgent.IotHub.Provisioning;

/// <summary>
/// How to register with the Device Provisioning Service over MQTT. Immutable; checked when the
/// <see cref="Client.IotHubClient"/> that uses it is created.
/// </summary>
/// <remarks>
/// Exactly one attestation: <see cref="SymmetricKey"/> (individual enrollment),
/// <see cref="EnrollmentGroupKey"/> (group enrollment; the device key is derived from it) or an
/// X.509 client certificate given in the client options.
/// </remarks>
public sealed class DpsOptions
{
    /// <summary>Gets the DPS host.</summary>
    /// <value>Default <c>global.azure-devices-provisioning.net</c>.</value>
    public string GlobalEndpoint { get; init; } = "global.azure-devices-provisioning.net";

    /// <summary>Gets the DPS port.</summary>
    /// <value>Default 8883 (443 when the client uses WebSockets).</value>
    public int? Port { get; init; }

    /// <summary>Gets the ID scope of the DPS instance (for example <c>0ne00000000</c>).</summary>
    public required string IdScope { get; init; }

    /// <summary>Gets the registration id (lower-case letters, digits and <c>-</c>).</summary>
    public required string RegistrationId { get; init; }

    /// <summary>Gets the individual enrollment's key, base64.</summary>
    public string? SymmetricKey { get; init; }

    /// <summary>Gets the enrollment group's key, base64; the device key is derived from it and the registration id.</summary>
    public string? EnrollmentGroupKey { get; init; }

    /// <summary>Gets the host to connect to instead of the assigned hub's own name (TLS and MQTT), if any.</summary>
    public string? AssignedHubGatewayHostName { get; init; }
}
