using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SecurityAgent.LocalHub.Storage;

namespace SecurityAgent.LocalHub.Certificates;

/// <summary>
/// The local hub's CA and TLS server certificate, generated into the data folder on first start:
/// <c>ca.pem</c> (public, for clients to trust), <c>ca.key.pem</c> and <c>server.pfx</c> (0600).
/// </summary>
internal sealed class HubCertificates : IDisposable
{
    public const string CaFileName = "ca.pem";
    private const string CaKeyFileName = "ca.key.pem";
    private const string ServerFileName = "server.pfx";

    private HubCertificates(string caPath, X509Certificate2 server)
    {
        CaPath = caPath;
        Server = server;
    }

    public string CaPath { get; }

    public X509Certificate2 Server { get; }

    public static HubCertificates LoadOrCreate(string dataDirectory, string hostName, TimeProvider time)
    {
        var caPath = Path.Combine(dataDirectory, CaFileName);
        var serverPath = Path.Combine(dataDirectory, ServerFileName);
        if (File.Exists(caPath) && File.Exists(serverPath))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(serverPath, null, X509KeyStorageFlags.Exportable);
            if (existing.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(1) && existing.MatchesHostname(hostName))
            {
                return new HubCertificates(caPath, existing);
            }

            existing.Dispose();
        }

        var now = time.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=SecurityAgent LocalHub CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest($"CN={hostName}", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        if (!hostName.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            names.AddDnsName("localhost");
        }

        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = serverRequest.Create(ca, now.AddDays(-1), now.AddYears(2), serial);
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        SecretFile.WriteText(Path.Combine(dataDirectory, CaKeyFileName), caKey.ExportPkcs8PrivateKeyPem());
        SecretFile.Write(serverPath, withKey.Export(X509ContentType.Pkcs12));
        File.WriteAllText(caPath, ca.ExportCertificatePem() + "\n");
        return new HubCertificates(caPath, X509CertificateLoader.LoadPkcs12FromFile(serverPath, null, X509KeyStorageFlags.Exportable));
    }

    public void Dispose() => Server.Dispose();
}
