namespace SecurityAgent.IotHub.Client;

/// <summary>Why an IoT Hub operation failed.</summary>
public enum IotHubErrorKind
{
    /// <summary>The hub refused the credentials (CONNACK 5, HTTP 401/403).</summary>
    Unauthorized,

    /// <summary>The hub could not be reached or the TLS handshake failed (for example an untrusted server certificate).</summary>
    ConnectionFailed,

    /// <summary>The client is not connected, or the connection dropped while the operation was in flight.</summary>
    NotConnected,

    /// <summary>The message exceeds IoT Hub's size limit; it was not sent.</summary>
    MessageTooLarge,

    /// <summary>The hub did not answer in time.</summary>
    Timeout,

    /// <summary>The hub answered with an error status (see <see cref="IotHubException.Status"/>).</summary>
    Rejected,

    /// <summary>Provisioning through DPS failed or ended in a state other than assigned.</summary>
    ProvisioningFailed,
}
