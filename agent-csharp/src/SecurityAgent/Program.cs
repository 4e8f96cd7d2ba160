using System.CommandLine;
using System.Reflection;
using SecurityAgent.Cli;

namespace SecurityAgent;

/// <summary>The <c>security-agent</c> command line.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var version = typeof(Program).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var root = new RootCommand($"IoT security agent {version}: collects security events and sends them to Azure IoT Hub as security messages.")
        {
            RunCommand.Create(),
            ConfigCommand.Create(),
        };
#if WITH_LOCAL_HUB
        root.Subcommands.Add(MessagesCommand.Create());
#endif

        var parse = root.Parse(args);
        // The host handles Ctrl-C and SIGTERM itself, with time for a clean shutdown.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            await parse.InvokeAsync(invocation).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(invocation).ConfigureAwait(false);
    }
}
