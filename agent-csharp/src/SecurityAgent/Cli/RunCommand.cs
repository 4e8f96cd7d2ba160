using System.CommandLine;
using Microsoft.Extensions.Logging;
using SecurityAgent.Collectors;
using SecurityAgent.Configuration;
using SecurityAgent.Hosting;
using SecurityAgent.LocalHubHosting;

namespace SecurityAgent.Cli;

/// <summary>
/// <c>security-agent run</c>: runs the agent until Ctrl-C, SIGTERM (systemd, service stop) or
/// <c>--duration</c>. With <c>--local-hub</c> an IoT-Hub-compatible server runs inside the agent;
/// without <c>--config</c> the agent connects to it with an identity provisioned there.
/// </summary>
internal static class RunCommand
{
    public static Option<DirectoryInfo> DataOption() => new("--data")
    {
        Description = "The data folder of --local-hub: the hub's state and received messages, the agent's key, id and outbox.",
        DefaultValueFactory = _ => new DirectoryInfo("security-agent-data"),
    };

    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "The local configuration file (JSON; see 'config validate')." };
        var localHub = new Option<bool>("--local-hub") { Description = "Run the embedded local hub; without --config the agent connects to it." };
        var data = DataOption();
        var duration = new Option<TimeSpan?>("--duration")
        {
            Description = "Stop after this long: 90s, 5m, 2h, 1d or hh:mm:ss. Default: run until stopped.",
            CustomParser = result => DurationParser.TryParse(result.Tokens.Single().Value, out var value)
                ? value
                : Fail(result, $"'{result.Tokens.Single().Value}' is not a duration: use 90s, 5m, 2h, 1d or hh:mm:ss."),
        };
        var status = new Option<int>("--status-interval")
        {
            Description = "Seconds between status lines on standard output; 0 turns them off.",
            DefaultValueFactory = _ => 5,
        };
        var command = new Command("run", "Runs the agent until Ctrl-C, SIGTERM or --duration.") { config, localHub, data, duration, status };
        command.Validators.Add(result =>
        {
            if (result.GetValue(config) is null && !result.GetValue(localHub))
                result.AddError("Give --config FILE, or --local-hub to run against the embedded local hub.");
        });
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(config),
            parse.GetValue(localHub),
            parse.GetRequiredValue(data),
            parse.GetValue(duration),
            parse.GetValue(status),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static TimeSpan? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    internal static async Task<int> RunAsync(
        FileInfo? configFile, bool withLocalHub, DirectoryInfo data, TimeSpan? duration, int statusSeconds,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        LocalConfiguration? configuration = null;
        if (configFile is not null)
        {
            var loaded = LocalConfigurationLoader.Load(configFile.FullName);
            if (!loaded.IsValid)
                return ConfigCommand.Validate(configFile, output, error);
            configuration = loaded.Configuration;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (duration is { } limit)
            stop.CancelAfter(limit);

        using var hubLogging = LoggerFactory.Create(b => AgentHost.ConfigureConsoleLogging(b, LogLevel.Warning));
        EmbeddedLocalHub? hub = null;
        try
        {
            if (withLocalHub)
            {
                hub = await EmbeddedLocalHub.StartAsync(data.FullName, hubLogging, stop.Token).ConfigureAwait(false);
                await output.WriteLineAsync($"local hub: mqtts://{hub.AgentConfiguration.HubHostName}, REST https://127.0.0.1:{hub.Hub.HttpsPort}, data in {data.FullName}").ConfigureAwait(false);
            }
            configuration ??= hub!.AgentConfiguration;

            var status = statusSeconds > 0 ? TimeSpan.FromSeconds(statusSeconds) : (TimeSpan?)null;
            var options = new AgentRunOptions(configuration, DefaultCollectors(), status);
            var final = await AgentHost.RunAsync(options, stop.Token).ConfigureAwait(false);
            if (final is not null)
                await output.WriteLineAsync("final: " + final.Format()).ConfigureAwait(false);
        }
        finally
        {
            if (hub is not null)
            {
                var received = hub.Hub.GetMessages().Count;
                await hub.DisposeAsync().ConfigureAwait(false);
                await output.WriteLineAsync($"The local hub received {received} message(s). List them with:").ConfigureAwait(false);
                await output.WriteLineAsync($"  {SelfCommand()} messages --data {data.FullName}").ConfigureAwait(false);
            }
        }
        return ExitCodes.Success;
    }

    /// <summary>How this program was started: its own path, or <c>dotnet path.dll</c>.</summary>
    private static string SelfCommand()
    {
        var process = Environment.ProcessPath ?? "security-agent";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? $"dotnet {Path.Combine(AppContext.BaseDirectory, "security-agent.dll")}"
            : process;
    }

    /// <summary>The collectors of this build: the portable ones (the Linux collectors plug in here).</summary>
    internal static IReadOnlyList<ICollector> DefaultCollectors() => [new SystemInformationCollector()];
}
