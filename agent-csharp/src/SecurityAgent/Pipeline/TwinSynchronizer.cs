using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SecurityAgent.IotHub.Client;

namespace SecurityAgent.Pipeline;

/// <summary>
/// Keeps the core configured from the twin: it merges desired patches into the desired document
/// it holds (a member set to null is deleted), hands the configuration object to the core when it
/// changed, and reports the configuration in force after every update, accepted or rejected, and
/// after every full twin (each connect). An accepted configuration is cached on disk and applied
/// at the next start before the hub answers.
/// </summary>
/// <remarks>Updates are applied one at a time, in the order the client raised them.</remarks>
internal sealed partial class TwinSynchronizer
{
    private readonly AgentPipeline _pipeline;
    private readonly IotHubClient _client;
    private readonly string _objectName;
    private readonly ILogger _logger;
    private readonly TwinConfigurationCache _cache;
    private readonly Channel<DesiredPropertiesChangedEventArgs> _updates =
        Channel.CreateUnbounded<DesiredPropertiesChangedEventArgs>(new UnboundedChannelOptions { SingleReader = true });
    private JsonObject _desired = [];
    private string? _applied;
    private long _updatesApplied;
    private long _updatesRejected;

    public TwinSynchronizer(AgentPipeline pipeline, IotHubClient client, string objectName, TwinConfigurationCache cache, ILogger logger)
    {
        _pipeline = pipeline;
        _client = client;
        _objectName = objectName;
        _cache = cache;
        _logger = logger;
        _client.DesiredPropertiesChanged += (_, update) => _updates.Writer.TryWrite(update);
    }

    /// <summary>Applies the configuration cached by the last run, if any, before the hub is reached.</summary>
    public void ApplyCached()
    {
        if (_cache.Load() is not { } cached)
            return;
        var (result, _) = _pipeline.ApplyTwin(cached);
        if (result.Accepted)
        {
            _applied = cached;
            LogCachedApplied(_logger);
        }
    }

    public long UpdatesApplied => Interlocked.Read(ref _updatesApplied);

    public long UpdatesRejected => Interlocked.Read(ref _updatesRejected);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in _updates.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                await ApplyAsync(update, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task ApplyAsync(DesiredPropertiesChangedEventArgs update, CancellationToken cancellationToken)
    {
        if (update.IsFullDocument)
            _desired = (JsonObject)update.Desired.DeepClone();
        else
            Merge(_desired, update.Desired);

        var configuration = _desired[_objectName] is JsonObject section ? section.ToJsonString() : "{}";
        if (configuration != _applied)
        {
            _applied = configuration;
            var (result, _) = _pipeline.ApplyTwin(configuration);
            if (result.Accepted)
            {
                Interlocked.Increment(ref _updatesApplied);
                _cache.Save(configuration);
                LogApplied(_logger, update.Version);
            }
            else
            {
                Interlocked.Increment(ref _updatesRejected);
                LogRejected(_logger, update.Version, string.Join("; ", result.Errors.Select(e => $"{e.ConfigurationName}: {e.Message}")));
            }
        }
        else if (!update.IsFullDocument)
        {
            return;
        }
        await ReportAsync(_pipeline.ReportedProperties(), cancellationToken).ConfigureAwait(false);
    }

    private async Task ReportAsync(string reported, CancellationToken cancellationToken)
    {
        var patch = new JsonObject { [_objectName] = JsonNode.Parse(reported) };
        try
        {
            await _client.UpdateReportedAsync(patch, cancellationToken).ConfigureAwait(false);
        }
        catch (IotHubException ex)
        {
            // The next connect's full twin, or the next change, reports again.
            LogReportFailed(_logger, ex.Message);
        }
    }

    /// <summary>JSON merge patch: objects merge member by member, null deletes, anything else replaces.</summary>
    internal static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
                target.Remove(name);
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject)
                Merge(targetObject, patchObject);
            else
                target[name] = value.DeepClone();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Twin configuration of the last run applied until the hub answers")]
    private static partial void LogCachedApplied(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twin configuration (desired version {Version}) applied")]
    private static partial void LogApplied(ILogger logger, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twin configuration (desired version {Version}) rejected, the previous one stays: {Errors}")]
    private static partial void LogRejected(ILogger logger, long version, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting the configuration in force failed: {Reason}")]
    private static partial void LogReportFailed(ILogger logger, string reason);
}
