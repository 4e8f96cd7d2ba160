using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using SecurityAgent.LocalHub.Certificates;

namespace SecurityAgent.IotHub.Tests.Support;

/// <summary>
/// A real mosquitto broker (Debian package <c>mosquitto</c>) on loopback with generated
/// certificates: an MQTT-over-TLS listener, and an MQTT-over-secure-WebSockets one. Stopped when
/// disposed.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";

    private readonly TempDirectory _folder;
    private readonly Process _process;

    private MosquittoBroker(TempDirectory folder, Process process, int tlsPort, int webSocketPort)
    {
        _folder = folder;
        _process = process;
        TlsPort = tlsPort;
        WebSocketPort = webSocketPort;
    }

    public int TlsPort { get; }

    public int WebSocketPort { get; }

    public string CaFile => Path.Combine(_folder.Path, "ca.pem");

    public static async Task<MosquittoBroker> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            Assert.Ignore("mosquitto is not installed (build/apt-packages.txt lists it).");
        }

        var folder = new TempDirectory();
        using (HubCertificates.LoadOrCreate(folder.Path, "localhost", TimeProvider.System))
        {
        }

        using var serverPfx = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(folder.Path, "server.pfx"), null, X509KeyStorageFlags.Exportable);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "server.pem"), serverPfx.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "server.key"), serverPfx.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var (tlsPort, webSocketPort) = (FreePort(), FreePort());
        var tls = $"""
            cafile {Path.Combine(folder.Path, "ca.pem")}
            certfile {Path.Combine(folder.Path, "server.pem")}
            keyfile {Path.Combine(folder.Path, "server.key")}
            require_certificate false
            """;
        var config = Path.Combine(folder.Path, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            user {Environment.UserName}
            persistence false
            log_dest stderr
            allow_anonymous true
            listener {tlsPort} 127.0.0.1
            {tls}
            listener {webSocketPort} 127.0.0.1
            protocol websockets
            {tls}

            """);
        var process = Process.Start(new ProcessStartInfo(Executable, ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        var broker = new MosquittoBroker(folder, process, tlsPort, webSocketPort);
        await broker.WaitForPortAsync(tlsPort);
        await broker.WaitForPortAsync(webSocketPort);
        return broker;
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        _folder.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitForPortAsync(int port)
    {
        using var cts = new CancellationTokenSource(Await.Timeout);
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail("mosquitto exited: " + await _process.StandardError.ReadToEndAsync());
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cts.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cts.Token);
            }
        }
    }
}
