using System.CommandLine;
using Microsoft.Extensions.Logging;
using SecurityAgent.Configuration;
using SecurityAgent.Hosting;

namespace SecurityAgent.LocalHubHosting;

/// <summary>
/// The embedded local hub for the length of one <c>run --local-hub</c>: started before the agent,
/// stopped after it, and at the end a word on what it received and how to list it.
/// </summary>
internal sealed class LocalHubSession : IAsyncDisposable
{
    private readonly EmbeddedLocalHub _hub;
    private readonly ILoggerFactory _logging;
    private readonly DirectoryInfo _data;
    private readonly TextWriter _output;

    private LocalHubSession(EmbeddedLocalHub hub, ILoggerFactory logging, DirectoryInfo data, TextWriter output)
    {
        _hub = hub;
        _logging = logging;
        _data = data;
        _output = output;
    }

    /// <summary>The configuration the agent connects to this hub with.</summary>
    public LocalConfiguration AgentConfiguration => _hub.AgentConfiguration;

    public static Option<DirectoryInfo> DataOption() => new("--data")
    {
        Description = "The data folder of --local-hub: the hub's state and received messages, the agent's key, id and outbox.",
        DefaultValueFactory = _ => new DirectoryInfo("security-agent-data"),
    };

    public static async Task<LocalHubSession> StartAsync(DirectoryInfo data, TextWriter output, CancellationToken cancellationToken)
    {
        var logging = LoggerFactory.Create(b => AgentHost.ConfigureConsoleLogging(b, LogLevel.Warning));
        try
        {
            var hub = await EmbeddedLocalHub.StartAsync(data.FullName, logging, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"local hub: mqtts://{hub.AgentConfiguration.HubHostName}, REST https://127.0.0.1:{hub.Hub.HttpsPort}, data in {data.FullName}").ConfigureAwait(false);
            return new LocalHubSession(hub, logging, data, output);
        }
        catch
        {
            logging.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var received = _hub.Hub.GetMessages().Count;
        await _hub.DisposeAsync().ConfigureAwait(false);
        _logging.Dispose();
        await _output.WriteLineAsync($"The local hub received {received} message(s). List them with:").ConfigureAwait(false);
        await _output.WriteLineAsync($"  {SelfCommand()} messages --data {_data.FullName}").ConfigureAwait(false);
    }

    /// <summary>How this program was started: its own path, or <c>dotnet path.dll</c>.</summary>
    private static string SelfCommand()
    {
        var process = Environment.ProcessPath ?? "security-agent";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? $"dotnet {Path.Combine(AppContext.BaseDirectory, "security-agent.dll")}"
            : process;
    }
}
