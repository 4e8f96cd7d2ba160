using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecurityAgent.IotHub.Tests.Support;

/// <summary>Self-signed client certificates for X.509 identities, written as PEM files.</summary>
public static class TestCertificates
{
    public static (string CertificateFile, string KeyFile, string Thumbprint) WriteSelfSigned(string folder, string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var name = commonName.Replace('/', '_');
        var certificateFile = Path.Combine(folder, name + ".pem");
        var keyFile = Path.Combine(folder, name + ".key.pem");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile, certificate.Thumbprint);
    }
}
