using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SecurityAgent.IotHub.Tls;

/// <summary>
/// Server certificate validation: the system trust store, or, when a CA file is given, a chain that
/// must end at one of the certificates in that file. Host-name mismatches are never accepted.
/// </summary>
internal sealed class TlsTrust
{
    private readonly X509Certificate2Collection? _customRoots;

    private TlsTrust(X509Certificate2Collection? customRoots) => _customRoots = customRoots;

    /// <summary>Gets trust in the operating system's store only.</summary>
    public static TlsTrust System { get; } = new(null);

    /// <summary>Loads a PEM (or DER) CA file whose certificates become the only trusted roots.</summary>
    public static TlsTrust FromCaFile(string path)
    {
        var roots = new X509Certificate2Collection();
        var text = File.ReadAllText(path);
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            roots.ImportFromPem(text);
        }
        else
        {
            roots.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }

        if (roots.Count == 0)
        {
            throw new FormatException($"CA file '{path}' holds no certificate.");
        }

        return new TlsTrust(roots);
    }

    /// <summary>Validates a server certificate as presented in a TLS handshake.</summary>
    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        if (_customRoots is null)
        {
            return errors == SslPolicyErrors.None;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_customRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    /// <summary>The callback form, for <see cref="SslClientAuthenticationOptions"/> and HTTP handlers.</summary>
    public bool Callback(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => Validate(certificate, errors);
}
