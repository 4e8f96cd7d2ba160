using System.CommandLine;
using SecurityAgent.Configuration;
using SecurityAgent.Hosting;
#if WITH_LOCAL_HUB
using SecurityAgent.LocalHubHosting;
#endif

namespace SecurityAgent.Cli;

/// <summary>
/// <c>security-agent run</c>: runs the agent until Ctrl-C, SIGTERM (systemd, service stop) or
/// <c>--duration</c>. In builds with the local hub, <c>--local-hub</c> runs an IoT-Hub-compatible
/// server inside the agent; without <c>--config</c> the agent connects to it with an identity
/// provisioned there.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "The local configuration file (JSON; see 'config validate')." };
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
        var collectors = new Option<string?>("--collectors")
        {
            Description = $"Run only these collectors (comma-separated): {string.Join(", ", CollectorCatalog.Names)}. Default: all.",
        };
        collectors.Validators.Add(result =>
        {
            var unknown = ParseNames(result.GetValueOrDefault<string?>())?.Except(CollectorCatalog.Names).ToList();
            if (unknown is { Count: > 0 })
                result.AddError($"Unknown collector(s) {string.Join(", ", unknown)}: use {string.Join(", ", CollectorCatalog.Names)}.");
        });
        // The C agent's --root: both agents pointed at one fixture tree give the same messages
        // (its end-to-end comparison); live, the default "/" is the only sensible value.
        var root = new Option<DirectoryInfo>("--root")
        {
            Description = "Read the OS (proc, sys, etc, var) under this folder instead of /. Default: /.",
        };
        root.AcceptExistingOnly();
        var command = new Command("run", "Runs the agent until Ctrl-C, SIGTERM or --duration.") { config, duration, status, collectors, root };
        RunSettings Settings(ParseResult parse) => new(
            parse.GetValue(duration), parse.GetValue(status), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error,
            ParseNames(parse.GetValue(collectors)), parse.GetValue(root)?.FullName ?? "/");
#if WITH_LOCAL_HUB
        var localHub = new Option<bool>("--local-hub") { Description = "Run the embedded local hub; without --config the agent connects to it." };
        var data = LocalHubSession.DataOption();
        command.Options.Add(localHub);
        command.Options.Add(data);
        command.Validators.Add(result =>
        {
            if (result.GetValue(config) is null && !result.GetValue(localHub))
                result.AddError("Give --config FILE, or --local-hub to run against the embedded local hub.");
        });
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(config),
            parse.GetValue(localHub) ? parse.GetRequiredValue(data) : null,
            Settings(parse),
            cancellationToken));
#else
        command.Validators.Add(result =>
        {
            if (result.GetValue(config) is null)
                result.AddError("Give --config FILE.");
        });
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(config)!,
            Settings(parse),
            cancellationToken));
#endif
        return command;
    }

#if WITH_LOCAL_HUB
    internal static async Task<int> RunAsync(FileInfo? configFile, DirectoryInfo? localHubData, RunSettings settings, CancellationToken cancellationToken)
    {
        if (localHubData is null)
            return await RunAsync(configFile!, settings, cancellationToken).ConfigureAwait(false);

        LocalConfiguration? configuration = null;
        if (configFile is not null && !TryLoad(configFile, settings, out configuration))
            return ExitCodes.InvalidConfiguration;
        using var stop = StopSource(settings, cancellationToken);
        await using var hub = await LocalHubSession.StartAsync(localHubData, settings.Output, stop.Token).ConfigureAwait(false);
        return await RunAgentAsync(configuration ?? hub.AgentConfiguration, settings, stop.Token).ConfigureAwait(false);
    }
#endif

    internal static async Task<int> RunAsync(FileInfo configFile, RunSettings settings, CancellationToken cancellationToken)
    {
        if (!TryLoad(configFile, settings, out var configuration))
            return ExitCodes.InvalidConfiguration;
        using var stop = StopSource(settings, cancellationToken);
        return await RunAgentAsync(configuration, settings, stop.Token).ConfigureAwait(false);
    }

    private static async Task<int> RunAgentAsync(LocalConfiguration configuration, RunSettings settings, CancellationToken stop)
    {
        var status = settings.StatusSeconds > 0 ? TimeSpan.FromSeconds(settings.StatusSeconds) : (TimeSpan?)null;
        var (final, failure) = await AgentHost.RunAsync(new AgentRunOptions(configuration, twin => CollectorCatalog.Create(settings.Collectors, twin, settings.Root), status), stop).ConfigureAwait(false);
        if (final is not null)
            await settings.Output.WriteLineAsync("final: " + final.Format()).ConfigureAwait(false);
        if (failure is null)
            return ExitCodes.Success;
        await settings.Error.WriteLineAsync($"security-agent: {failure.Message}").ConfigureAwait(false);
        return ExitCodes.Failure;
    }

    private static bool TryLoad(FileInfo file, RunSettings settings, out LocalConfiguration configuration)
    {
        var loaded = LocalConfigurationLoader.Load(file.FullName);
        configuration = loaded.Configuration!;
        if (loaded.IsValid)
            return true;
        ConfigCommand.Validate(file, settings.Output, settings.Error);
        return false;
    }

    private static CancellationTokenSource StopSource(RunSettings settings, CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.Duration is { } limit)
            stop.CancelAfter(limit);
        return stop;
    }

    private static HashSet<string>? ParseNames(string? list) =>
        list is null ? null : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static TimeSpan? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }
}
