using System.CommandLine;
using System.Reflection;

namespace SecurityAgent;

/// <summary>The <c>security-agent</c> command line.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var version = typeof(Program).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var root = new RootCommand($"IoT security agent {version}: collects security events and sends them to Azure IoT Hub.");
        return root.Parse(args).Invoke();
    }
}
