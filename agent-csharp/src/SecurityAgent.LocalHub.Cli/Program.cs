using SecurityAgent.LocalHub;

namespace SecurityAgent.LocalHub.Cli;

/// <summary>The <c>local-hub</c> command: runs the local IoT-Hub-compatible server until Ctrl+C.</summary>
internal static class Program
{
    private const string Usage = """
        Usage: local-hub [--data DIR] [--host NAME] [--mqtt-port N] [--https-port N] [--id-scope SCOPE]
                         [--add-device ID] [--add-module DEVICE/MODULE]

        Runs an IoT-Hub-compatible server on 127.0.0.1 until Ctrl+C. Ports default to free ones.
        --add-device / --add-module register identities (random keys) and print their connection strings.
        """;

    public static async Task<int> Main(string[] args)
    {
        string data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "securityagent", "local-hub");
        string host = "localhost";
        string idScope = "0ne00000001";
        int mqttPort = 0;
        int httpsPort = 0;
        var devices = new List<string>();
        var modules = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            try
            {
                switch (args[i])
                {
                    case "--data": data = Next(); break;
                    case "--host": host = Next(); break;
                    case "--id-scope": idScope = Next(); break;
                    case "--mqtt-port": mqttPort = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--https-port": httpsPort = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--add-device": devices.Add(Next()); break;
                    case "--add-module": modules.Add(Next()); break;
                    case "-h" or "--help":
                        Console.WriteLine(Usage);
                        return 0;
                    default:
                        throw new ArgumentException($"Unknown option '{args[i]}'.");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                await Console.Error.WriteLineAsync(ex.Message + Environment.NewLine + Usage).ConfigureAwait(false);
                return 2;
            }
        }

        await using var hub = await LocalHub.StartAsync(new LocalHubOptions { DataDirectory = data, HostName = host, IdScope = idScope, MqttPort = mqttPort, HttpsPort = httpsPort }).ConfigureAwait(false);
        Console.WriteLine($"local-hub {host}: MQTT/TLS 127.0.0.1:{hub.MqttPort}, HTTPS 127.0.0.1:{hub.HttpsPort}, DPS ID scope {hub.IdScope}");
        Console.WriteLine($"CA file (trust this): {hub.CaCertificatePath}");
        Console.WriteLine($"Service connection string: {hub.ServiceConnectionString}");
        foreach (var device in devices)
        {
            Console.WriteLine($"Device {device}: {hub.AddDevice(device).ConnectionString(host)}");
        }

        foreach (var module in modules)
        {
            var parts = module.Split('/', 2);
            if (parts.Length != 2)
            {
                await Console.Error.WriteLineAsync($"--add-module expects DEVICE/MODULE, got '{module}'.").ConfigureAwait(false);
                return 2;
            }

            Console.WriteLine($"Module {module}: {hub.AddModule(parts[0], parts[1]).ConnectionString(host)}");
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
