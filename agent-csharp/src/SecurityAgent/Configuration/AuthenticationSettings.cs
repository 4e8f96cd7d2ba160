namespace SecurityAgent.Configuration;

/// <summary>Credentials, always as paths to files: the configuration never holds a secret itself.</summary>
/// <param name="Method">The method.</param>
/// <param name="KeyFile">The symmetric key file (SasKey) or the PEM private key file (X509).</param>
/// <param name="CertificateFile">The PEM certificate file (X509 only).</param>
/// <param name="Dps">The provisioning settings (Dps only); its credentials are SasKey or X509.</param>
public sealed record AuthenticationSettings(
    AuthenticationMethod Method,
    string? KeyFile,
    string? CertificateFile,
    DpsSettings? Dps);
