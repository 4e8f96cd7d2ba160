using System.Text.RegularExpressions;
using SecurityAgent.Core.Aggregation;
using SecurityAgent.Core.Configuration;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Ids;
using SecurityAgent.Core.Messages;
using SecurityAgent.Core.Queues;
using SecurityAgent.Core.Routing;
using SecurityAgent.Core.Scheduling;

namespace SecurityAgent.Core;

/// <summary>
/// The agent core: router, aggregator, queues, message builder, configuration and scheduler
/// behind one facade. Pure and deterministic: time, ids and the UTC offset come from the options,
/// so the same calls give the same bytes. Rules: docs/core-rules.md.
/// </summary>
/// <remarks>Not thread-safe: the host calls it from one thread (or under one lock).</remarks>
public sealed partial class AgentCore
{
    private readonly AgentCoreOptions _options;
    private readonly EventSerializer _serializer;
    private readonly MessageBuilder _builder;
    private readonly EventQueues _queues;
    private readonly Router _router = new();
    private readonly Scheduler _scheduler;
    private readonly Aggregator[] _aggregators;
    private long _rawEvents;
    private long _messagesSent;
    private long _intervalMessages;
    private long _intervalUnder4KB;
    private long _intervalFailed;

    private AgentCore(AgentCoreOptions options)
    {
        _options = options;
        var start = options.TimeProvider.GetUtcNow().ToUniversalTime();
        _serializer = new EventSerializer(options.UtcOffset);
        _builder = new MessageBuilder(options.AgentVersion, options.AgentId);
        _queues = new EventQueues(options.IdSource ?? new RandomEventIdSource());
        _scheduler = new Scheduler(start);
        _aggregators =
        [
            new Aggregator(EventName.ProcessCreate, start),
            new Aggregator(EventName.ConnectionCreate, start),
            new Aggregator(EventName.ProcessTerminate, start),
        ];
        Configuration = AgentConfiguration.Default;
        _queues.Budget = Configuration.MaxLocalCacheSizeInBytes;
    }

    /// <summary>The configuration in force.</summary>
    public AgentConfiguration Configuration { get; private set; }

    /// <summary>The connection state reported by Heartbeat events. <value>Default Disconnected.</value></summary>
    public ConnectionState ConnectionState { get; set; }

    /// <summary>Core time: the latest tick's time, or the start time.</summary>
    public DateTimeOffset Now => _scheduler.Now;

    /// <summary>The cumulative counters.</summary>
    public CoreStatistics Statistics => new(
        Stats(_queues.High), Stats(_queues.Low), Stats(_queues.Operational),
        _rawEvents, _router.DroppedEvents, _aggregators.Sum(a => a.PendingHits), _messagesSent);

    /// <summary>Creates a core with the default configuration.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static AgentCore Create(AgentCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!GuidPattern().IsMatch(options.AgentId ?? string.Empty))
        {
            throw new ArgumentException("AgentId must be a lower-case GUID.", nameof(options));
        }

        if (!VersionPattern().IsMatch(options.AgentVersion ?? string.Empty))
        {
            throw new ArgumentException("AgentVersion must be a SemVer version.", nameof(options));
        }

        if (options.UtcOffset.Ticks % TimeSpan.TicksPerMinute != 0 || options.UtcOffset < TimeSpan.FromHours(-12) || options.UtcOffset > TimeSpan.FromHours(14))
        {
            throw new ArgumentException("UtcOffset must be whole minutes from -12:00 to +14:00.", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        return new AgentCore(options);
    }

    /// <summary>Takes one raw Security event from a collector.</summary>
    /// <exception cref="ArgumentException">The event is not a Security event.</exception>
    public void SubmitEvent(SecurityEvent securityEvent)
    {
        ArgumentNullException.ThrowIfNull(securityEvent);
        if (EventNames.TypeOf(securityEvent.Name) != EventType.Security)
        {
            throw new ArgumentException("Only Security events are submitted; Diagnostic events come from SubmitLog.", nameof(securityEvent));
        }

        _rawEvents++;
        var queue = _router.Route(securityEvent.Name, Configuration);
        if (queue is not { } q)
        {
            return;
        }

        if (securityEvent.Category == EventCategory.Triggered && EventNames.IsAggregatable(securityEvent.Name)
            && Configuration.AggregationEnabled(securityEvent.Name))
        {
            var aggregator = AggregatorOf(securityEvent.Name);
            var item = securityEvent.Payload[0];
            for (var i = 0; i < securityEvent.Payload.Count; i++)
            {
                item = securityEvent.Payload[i];
                if (!aggregator.TryAdd(item, Configuration.AggregationMaxDistinctKeys))
                {
                    Flush(aggregator);
                    aggregator.TryAdd(item, Configuration.AggregationMaxDistinctKeys);
                }
            }

            return;
        }

        Enqueue(securityEvent, q, 1);
    }

    /// <summary>Takes one record of the agent's log; it becomes a Diagnostic event when its severity is high enough.</summary>
    public void SubmitLog(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Severity < Configuration.DiagnosticEventsMinimumSeverity)
        {
            return;
        }

        _rawEvents++;
        if (_router.Route(EventName.Diagnostic, Configuration) is not { } q)
        {
            return;
        }

        var item = new DiagnosticPayload
        {
            Severity = record.Severity,
            Message = record.Message,
            ProcessId = record.ProcessId,
            ThreadId = record.ThreadId,
            CorrelationId = record.CorrelationId,
        };
        Enqueue(SecurityEvent.CreateTrusted(EventName.Diagnostic, EventCategory.Triggered, record.TimestampUtc, [item]), q, 1);
    }

    /// <summary>Applies a desired twin configuration object; see docs/core-rules.md §8.</summary>
    /// <param name="json">The configuration object (the value of the configuration object name).</param>
    public ApplyTwinResult ApplyTwin(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var result = ConfigurationParser.Parse(json, Configuration);
        if (result.Accepted is { } accepted)
        {
            var previous = Configuration;
            Configuration = accepted;
            _queues.Budget = accepted.MaxLocalCacheSizeInBytes;
            foreach (var aggregator in _aggregators)
            {
                if ((previous.AggregationEnabled(aggregator.Name) && !accepted.AggregationEnabled(aggregator.Name))
                    || aggregator.Count > accepted.AggregationMaxDistinctKeys)
                {
                    Flush(aggregator);
                }
                else if (!previous.AggregationEnabled(aggregator.Name) && accepted.AggregationEnabled(aggregator.Name))
                {
                    aggregator.RestartWindow(Now);
                }
            }
        }

        if (result.Errors.Count > 0 && _router.Route(EventName.ConfigurationError, Configuration) is { } q)
        {
            Enqueue(SecurityEvent.CreateTrusted(EventName.ConfigurationError, EventCategory.Triggered, Now, [.. result.Errors]), q, 1);
        }

        return new ApplyTwinResult(result.Accepted is not null, result.Errors);
    }

    /// <summary>The reported-properties object of the configuration in force (canonical JSON).</summary>
    public byte[] ReportedProperties() => Configuration_ReportedProperties();

    /// <summary>Counts one message the host failed to send (reported as TotalFailed).</summary>
    public void ReportSendFailure() => _intervalFailed++;

    /// <summary>Runs the schedule at the time provider's current time.</summary>
    public TickResult Tick() => Tick(_options.TimeProvider.GetUtcNow());

    /// <summary>Runs the schedule at <paramref name="now"/> (docs/core-rules.md §6) and returns the messages built.</summary>
    public TickResult Tick(DateTimeOffset now)
    {
        _scheduler.Advance(now.ToUniversalTime());
        var c = Configuration;
        foreach (var aggregator in _aggregators)
        {
            if (Now >= aggregator.WindowStart + c.AggregationInterval(aggregator.Name))
            {
                Flush(aggregator);
            }
        }

        var snapshot = _scheduler.TakeSnapshot(c);
        if (snapshot)
        {
            QueueStatistics();
        }

        if (c.PriorityOf(EventName.Heartbeat) != EventPriority.Off && _scheduler.TakeHeartbeat(c))
        {
            QueueHeartbeat();
        }

        var messages = new List<BuiltMessage>();
        if (_scheduler.TakeHighSend(c))
        {
            Drain(QueueName.High, messages);
        }

        if (_scheduler.TakeLowSend(c))
        {
            Drain(QueueName.Low, messages);
        }

        while (_queues.UsedBytes >= c.MaxMessageSizeInBytes)
        {
            if (!BuildOne(QueueName.High, messages))
            {
                break;
            }
        }

        return new TickResult(messages, snapshot);
    }

    /// <summary>
    /// Builds everything the core holds, whatever the schedule: every aggregator is flushed and
    /// every queue drained (High path first, then Low), so that nothing is left in memory. The host
    /// calls it at shutdown and writes the messages to its outbox (docs/core-rules.md §6).
    /// </summary>
    public IReadOnlyList<BuiltMessage> FlushAll()
    {
        foreach (var aggregator in _aggregators)
        {
            Flush(aggregator);
        }

        var messages = new List<BuiltMessage>();
        Drain(QueueName.High, messages);
        Drain(QueueName.Low, messages);
        return messages;
    }

    private void Drain(QueueName path, List<BuiltMessage> messages)
    {
        var queue = _queues.Get(path);
        while (queue.Count > 0 || _queues.Operational.Count > 0)
        {
            if (!BuildOne(path, messages))
            {
                break;
            }
        }
    }

    private bool BuildOne(QueueName path, List<BuiltMessage> messages)
    {
        var message = _builder.Build(_queues, path, Configuration.MaxMessageSizeInBytes);
        if (message is null)
        {
            // Nothing was taken: every queue is empty (oversize heads were dropped on the way).
            return false;
        }

        messages.Add(new BuiltMessage(message, path));
        _messagesSent++;
        _intervalMessages++;
        if (message.Length < 4096)
        {
            _intervalUnder4KB++;
        }

        return true;
    }

    private void QueueStatistics()
    {
        if (_router.Route(EventName.DroppedEventsStatistics, Configuration) is { } q1)
        {
            PayloadItem[] items =
            [
                Dropped(_queues.High), Dropped(_queues.Low), Dropped(_queues.Operational),
            ];
            _queues.High.ResetInterval();
            _queues.Low.ResetInterval();
            _queues.Operational.ResetInterval();
            Enqueue(SecurityEvent.CreateTrusted(EventName.DroppedEventsStatistics, EventCategory.Periodic, Now, items), q1, 1);
        }

        if (_router.Route(EventName.MessageStatistics, Configuration) is { } q2)
        {
            var item = new MessageStatisticsPayload
            {
                MessagesSent = _intervalMessages,
                MessagesUnder4KB = _intervalUnder4KB,
                TotalFailed = _intervalFailed,
            };
            _intervalMessages = 0;
            _intervalUnder4KB = 0;
            _intervalFailed = 0;
            Enqueue(SecurityEvent.CreateTrusted(EventName.MessageStatistics, EventCategory.Periodic, Now, [item]), q2, 1);
        }
    }

    private void QueueHeartbeat()
    {
        var item = new HeartbeatPayload
        {
            UptimeInSeconds = (long)(Now - _scheduler.Start).TotalSeconds,
            ConnectionState = ConnectionState,
            QueuedEvents = _queues.Count,
        };
        Enqueue(SecurityEvent.CreateTrusted(EventName.Heartbeat, EventCategory.Periodic, Now, [item]), QueueName.Operational, 1);
    }

    private static DroppedEventsStatisticsPayload Dropped(EventQueue q) => new()
    {
        Queue = q.Name,
        CollectedEvents = q.IntervalCollected,
        DroppedEvents = q.IntervalDropped,
    };

    private void Flush(Aggregator aggregator)
    {
        foreach (var aggregated in aggregator.Flush(Now, _options.UtcOffset))
        {
            if (_router.Route(aggregator.Name, Configuration) is { } q)
            {
                Enqueue(aggregated.Event, q, aggregated.Hits);
            }
        }
    }

    private void Enqueue(SecurityEvent e, QueueName queue, long hits)
    {
        var maxEvent = _builder.MaxEventSize(Configuration.MaxMessageSizeInBytes);
        var serialized = _serializer.Serialize(e, hits);
        if (serialized.Size <= maxEvent || e.Category != EventCategory.Periodic || e.Payload.Count < 2)
        {
            _queues.Offer(queue, serialized, maxEvent);
            return;
        }

        // Snapshot splitting: pack items in order into parts that each fit.
        var frame = _serializer.FrameSize(e);
        var start = 0;
        var count = 0;
        var size = frame;
        for (var i = 0; i < e.Payload.Count; i++)
        {
            var add = _serializer.ItemSize(e.Payload[i]) + (count > 0 ? 1 : 0);
            if (count > 0 && size + add > maxEvent)
            {
                _queues.Offer(queue, _serializer.Serialize(e, start, count, hits), maxEvent);
                start = i;
                count = 0;
                size = frame;
                add -= 1;
            }

            size += add;
            count++;
        }

        _queues.Offer(queue, _serializer.Serialize(e, start, count, hits), maxEvent);
    }

    private Aggregator AggregatorOf(EventName name) => name switch
    {
        EventName.ProcessCreate => _aggregators[0],
        EventName.ConnectionCreate => _aggregators[1],
        _ => _aggregators[2],
    };

    private byte[] Configuration_ReportedProperties() => Core.Configuration.ReportedProperties.Write(Configuration);

    private static QueueStatistics Stats(EventQueue q) => new(q.CollectedEvents, q.DroppedEvents, q.SentEvents, q.Count, q.Bytes);

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex VersionPattern();
}
