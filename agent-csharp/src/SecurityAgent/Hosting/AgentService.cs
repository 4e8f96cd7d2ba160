using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecurityAgent.Collectors;
using SecurityAgent.Collectors.Linux;
using SecurityAgent.Core;
using SecurityAgent.IotHub.Client;
using SecurityAgent.Outbox;
using SecurityAgent.Pipeline;
using CoreConnectionState = SecurityAgent.Core.Events.ConnectionState;
using OutboxStore = SecurityAgent.Outbox.Outbox;

namespace SecurityAgent.Hosting;

/// <summary>
/// The running agent: collectors feed the core, a one-second tick builds messages into the
/// outbox, the sender empties the outbox into the hub, the twin reconfigures the core. On stop
/// the collectors stop first, then everything the core holds goes to the outbox, so nothing
/// collected is lost; the sender gets a few seconds to deliver it, and what is not acknowledged
/// by then is sent first at the next start.
/// </summary>
internal sealed partial class AgentService(
    AgentRunOptions options,
    DiagnosticLoggerProvider diagnostics,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ShutdownSendGrace = TimeSpan.FromSeconds(5);
    private readonly ILogger _logger = loggerFactory.CreateLogger("SecurityAgent");
    private AgentPipeline? _pipeline;
    private IReadOnlyList<ICollector> _collectors = [];
    private MessageSender? _sender;
    private IotHubClient? _client;

    /// <summary>Why the agent stopped on its own, when it did (the program then exits with a failure).</summary>
    public Exception? Failure { get; private set; }

    /// <summary>A snapshot of what has flowed so far; null before the pipeline starts.</summary>
    public AgentStatus? Status => _pipeline is { } pipeline && _sender is { } sender ? StatusOf(pipeline, sender) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // An agent that cannot run (its outbox folder unusable, a key file gone) stops the
            // program with the reason, rather than idling as a service that does nothing.
            Failure = ex;
            LogFailed(_logger, ex.Message, ex);
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var configuration = options.Configuration;
        var outbox = OutboxStore.Open(new OutboxOptions { Directory = configuration.Outbox.Path, MaxSizeInBytes = configuration.Outbox.MaxSizeInBytes });
        LogOutboxOpened(_logger, outbox.Statistics.PendingMessages, outbox.Statistics.CorruptRecords, configuration.Outbox.Path);

        var now = time.GetUtcNow();
        var core = AgentCore.Create(new AgentCoreOptions
        {
            AgentId = configuration.AgentId,
            UtcOffset = TimeSpan.FromMinutes(Math.Round(TimeZoneInfo.Local.GetUtcOffset(now).TotalMinutes)),
            TimeProvider = time,
        });
        using var pipeline = new AgentPipeline(core, outbox, time, _logger);
        _pipeline = pipeline;
        diagnostics.Attach(pipeline);

        await using var client = new IotHubClient(HubClientOptionsFactory.Create(configuration, time), loggerFactory.CreateLogger<IotHubClient>());
        _client = client;
        client.ConnectionStateChanged += (_, e) => pipeline.SetConnectionState(
            e.Current == ConnectionState.Connected ? CoreConnectionState.Connected : CoreConnectionState.Disconnected);
        var twin = new TwinSynchronizer(pipeline, client, configuration.RemoteConfigurationObjectName, new TwinConfigurationCache(configuration.Outbox.Path), _logger);
        twin.ApplyCached();
        var sender = new MessageSender(pipeline, client, _logger);
        _sender = sender;

        using var stopCollectors = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _collectors = options.CreateCollectors(() => pipeline.Configuration);
        var collectors = new CollectorRunner(pipeline, _collectors, _logger).RunAsync(stopCollectors.Token);
        var background = Task.WhenAll(
            twin.RunAsync(stoppingToken),
            sender.RunAsync(stoppingToken),
            FirstConnection.ConnectAsync(client, time, _logger, stoppingToken),
            ReportStatusAsync(stoppingToken));

        await TickUntilStoppedAsync(pipeline, stoppingToken).ConfigureAwait(false);

        await stopCollectors.CancelAsync().ConfigureAwait(false);
        await collectors.ConfigureAwait(false);
        await background.ConfigureAwait(false);
        var flushed = pipeline.FlushAll();
        await sender.DrainAsync(ShutdownSendGrace).ConfigureAwait(false);
        LogStopped(_logger, flushed, outbox.Statistics.PendingMessages);
    }

    private async Task TickUntilStoppedAsync(AgentPipeline pipeline, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TickInterval, time);
        do
        {
            pipeline.Tick();
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ReportStatusAsync(CancellationToken stoppingToken)
    {
        if (options.StatusInterval is not { } interval)
            return;
        using var timer = new PeriodicTimer(interval, time);
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false))
        {
            if (Status is { } status)
                await Console.Out.WriteLineAsync(status.Format()).ConfigureAwait(false);
        }
    }

    private AgentStatus StatusOf(AgentPipeline pipeline, MessageSender sender)
    {
        var core = pipeline.CoreStatistics;
        var outbox = pipeline.Outbox.Statistics;
        return new AgentStatus(
            pipeline.Collected.Snapshot(),
            pipeline.MessagesBuilt,
            sender.MessagesSent,
            sender.BytesSent,
            sender.SendFailures,
            core.RouterDroppedEvents + core.High.DroppedEvents + core.Low.DroppedEvents + core.Operational.DroppedEvents,
            outbox.PendingMessages,
            outbox.EvictedHigh + outbox.EvictedLow,
            outbox.CorruptRecords,
            _client?.State == ConnectionState.Connected,
            CollectorDrops());
    }

    /// <summary>The collectors' own drops; the audit hub's counters, shared by several collectors, once.</summary>
    private long CollectorDrops()
    {
        var statistics = _collectors.OfType<ICollectorStatistics>().ToList();
        var shared = statistics.FirstOrDefault(s => s.SharesAuditCounters);
        return statistics.Sum(s => s.Malformed + (s.SharesAuditCounters ? 0 : s.Overflows + s.KernelLost))
            + (shared is null ? 0 : shared.Overflows + shared.KernelLost);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {Path}: {Pending} messages left from the last run (sent first), {Corrupt} corrupt records skipped")]
    private static partial void LogOutboxOpened(ILogger logger, int pending, long corrupt, string path);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The agent cannot run: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped: {Flushed} messages flushed from memory; {Pending} messages wait in the outbox for the next start")]
    private static partial void LogStopped(ILogger logger, int flushed, int pending);
}
