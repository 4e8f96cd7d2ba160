using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using SecurityAgent.Pipeline;

namespace SecurityAgent.Hosting;

/// <summary>
/// The generic host around <see cref="AgentService"/>: a console program, a systemd service
/// (Type=notify, journald-formatted log) or a Windows service, whichever started it. The log goes
/// to standard error; standard output carries the status lines.
/// </summary>
internal static class AgentHost
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the agent until <paramref name="stop"/> or a stop signal; returns the final status, and why the agent stopped on its own if it did.</summary>
    public static async Task<(AgentStatus? Status, Exception? Failure)> RunAsync(AgentRunOptions options, CancellationToken stop)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddSystemd();
        AddNotifyWithoutSystemdParent(builder.Services);
        builder.Services.AddWindowsService(o => o.ServiceName = "security-agent");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);

        var diagnostics = new DiagnosticLoggerProvider(options.Configuration.Logging.DiagnosticEventsLevel, TimeProvider.System);
        builder.Logging.ClearProviders();
        ConfigureConsoleLogging(builder.Logging, options.Configuration.Logging.Level);
        builder.Logging.AddProvider(diagnostics);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(diagnostics);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AgentService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AgentService>());

        using var host = builder.Build();
        var agent = host.Services.GetRequiredService<AgentService>();
        await host.RunAsync(stop).ConfigureAwait(false);
        return (agent.Status, agent.Failure);
    }

    /// <summary>
    /// The systemd package recognises a service only by its parent process being systemd; a
    /// service whose process tree hides that (ProtectProc, a container's init) but which was given
    /// NOTIFY_SOCKET still gets READY=1 and STOPPING=1, as newer .NET does.
    /// </summary>
    private static void AddNotifyWithoutSystemdParent(IServiceCollection services)
    {
        if (SystemdHelpers.IsSystemdService() || !UnderSystemd())
            return;
        services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddSingleton<IHostLifetime, SystemdLifetime>();
    }

    /// <summary>
    /// Single-line log records on standard error, at <paramref name="level"/> and above; under
    /// systemd in the journal's format (a syslog priority prefix per line).
    /// </summary>
    public static void ConfigureConsoleLogging(ILoggingBuilder logging, LogLevel level)
    {
        logging.SetMinimumLevel(level);
        if (UnderSystemd())
            logging.AddSystemdConsole(o => o.UseUtcTimestamp = true);
        else
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.UseUtcTimestamp = true;
            });
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    private static bool UnderSystemd() =>
        SystemdHelpers.IsSystemdService() || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));
}
