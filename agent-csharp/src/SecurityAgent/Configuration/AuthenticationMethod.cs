namespace SecurityAgent.Configuration;

/// <summary>How the agent proves its identity.</summary>
public enum AuthenticationMethod
{
    /// <summary>A symmetric key read from a file; SAS tokens are computed from it.</summary>
    SasKey,

    /// <summary>An X.509 client certificate and its private key, from PEM files.</summary>
    X509,

    /// <summary>The Device Provisioning Service, with a key or certificate of its own.</summary>
    Dps,
}
