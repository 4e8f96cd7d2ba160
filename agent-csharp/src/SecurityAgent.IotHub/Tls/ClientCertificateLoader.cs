using System.Security.Cryptography.X509Certificates;

namespace SecurityAgent.IotHub.Tls;

/// <summary>Loads a client certificate with its private key from PEM files or a PFX file.</summary>
internal static class ClientCertificateLoader
{
    public static X509Certificate2 Load(string certificateFile, string? keyFile, string? password)
    {
        var extension = Path.GetExtension(certificateFile);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(certificateFile, password, X509KeyStorageFlags.Exportable);
        }

        using var pem = keyFile is null
            ? X509Certificate2.CreateFromPemFile(certificateFile)
            : X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        if (!pem.HasPrivateKey)
        {
            throw new FormatException($"Client certificate '{certificateFile}' has no private key; give the key file too.");
        }

        // SslStream on some platforms cannot use an ephemeral PEM key; a PKCS#12 round trip gives a persisted one.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }
}
