using System.Text;
using Microsoft.Extensions.Logging;
using SecurityAgent.Core;
using SecurityAgent.Core.Configuration;
using SecurityAgent.Core.Events;
using SecurityAgent.Outbox;
using OutboxStore = SecurityAgent.Outbox.Outbox;

namespace SecurityAgent.Pipeline;

/// <summary>
/// The running agent's core and outbox: collectors submit events, the tick loop builds messages
/// and writes each to the outbox before anything sends it, the twin reconfigures the core.
/// </summary>
/// <remarks>
/// Thread-safe: the core is pure and single-threaded, so every call into it takes one lock.
/// A message the outbox cannot store (a full disk) is kept in memory, bounded, and sent first.
/// </remarks>
internal sealed partial class AgentPipeline : IDisposable
{
    /// <summary>Messages kept in memory while the disk refuses them.</summary>
    public const int MemoryFallbackCapacity = 32;

    private readonly Lock _coreLock = new();
    private readonly AgentCore _core;
    private readonly OutboxStore _outbox;
    private readonly ILogger _logger;
    private readonly Queue<PendingMessage> _memoryFallback = new();
    private readonly SemaphoreSlim _messagesWaiting = new(0);
    private long _messagesBuilt;
    private long _messagesLost;

    public AgentPipeline(AgentCore core, OutboxStore outbox, TimeProvider timeProvider, ILogger logger)
    {
        _core = core;
        _outbox = outbox;
        TimeProvider = timeProvider;
        _logger = logger;
    }

    public TimeProvider TimeProvider { get; }

    public SnapshotSignal Snapshots { get; } = new();

    public EventCounters Collected { get; } = new();

    public OutboxStore Outbox => _outbox;

    /// <summary>Messages built by the core since start.</summary>
    public long MessagesBuilt => Interlocked.Read(ref _messagesBuilt);

    /// <summary>Messages neither stored nor kept (disk full and the memory fallback full).</summary>
    public long MessagesLost => Interlocked.Read(ref _messagesLost);

    public void Submit(SecurityEvent securityEvent)
    {
        Collected.Add(securityEvent.Name);
        lock (_coreLock)
            _core.SubmitEvent(securityEvent);
    }

    /// <summary>A line of the agent's own log; the core turns it into a Diagnostic event when severe enough.</summary>
    public void SubmitLog(LogRecord record)
    {
        lock (_coreLock)
            _core.SubmitLog(record);
    }

    /// <summary>A collector's report: logged, and so (through the diagnostic logger) offered to the core.</summary>
    public void Report(DiagnosticSeverity severity, string message)
    {
        var level = DiagnosticLogLevels.ToLogLevel(severity);
        if (_logger.IsEnabled(level))
            LogCollectorReport(_logger, level, message);
    }

    /// <summary>Runs the core's schedule, stores what it built, and pulses the snapshot signal when due.</summary>
    public void Tick()
    {
        TickResult result;
        lock (_coreLock)
            result = _core.Tick(TimeProvider.GetUtcNow());
        Store(result.Messages);
        if (result.SnapshotDue)
            Snapshots.Pulse();
    }

    /// <summary>At shutdown: everything the core holds becomes messages in the outbox.</summary>
    public int FlushAll()
    {
        IReadOnlyList<BuiltMessage> messages;
        lock (_coreLock)
            messages = _core.FlushAll();
        Store(messages);
        return messages.Count;
    }

    /// <summary>Applies a desired configuration object; returns the outcome and the reported-properties object to send.</summary>
    public (ApplyTwinResult Result, string Reported) ApplyTwin(string configurationObjectJson)
    {
        lock (_coreLock)
        {
            var result = _core.ApplyTwin(configurationObjectJson);
            return (result, Encoding.UTF8.GetString(_core.ReportedProperties()));
        }
    }

    /// <summary>The reported-properties object of the configuration in force.</summary>
    public string ReportedProperties()
    {
        lock (_coreLock)
            return Encoding.UTF8.GetString(_core.ReportedProperties());
    }

    public void SetConnectionState(ConnectionState state)
    {
        lock (_coreLock)
            _core.ConnectionState = state;
    }

    public void ReportSendFailure()
    {
        lock (_coreLock)
            _core.ReportSendFailure();
    }

    /// <summary>The twin configuration in force.</summary>
    public AgentConfiguration Configuration
    {
        get
        {
            lock (_coreLock)
                return _core.Configuration;
        }
    }

    public CoreStatistics CoreStatistics
    {
        get
        {
            lock (_coreLock)
                return _core.Statistics;
        }
    }

    /// <summary>Waits until a message was stored or <paramref name="timeout"/> passed.</summary>
    public Task WaitForMessagesAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _messagesWaiting.WaitAsync(timeout, cancellationToken);

    /// <summary>Takes the oldest message the disk refused, if any: it is sent before the outbox's.</summary>
    public bool TryTakeFromMemory(out PendingMessage message)
    {
        lock (_memoryFallback)
            return _memoryFallback.TryDequeue(out message!);
    }

    /// <summary>Puts back a message taken from memory whose send failed; it stays first in line.</summary>
    public void ReturnToMemory(PendingMessage message)
    {
        lock (_memoryFallback)
        {
            var rest = _memoryFallback.ToArray();
            _memoryFallback.Clear();
            _memoryFallback.Enqueue(message);
            foreach (var m in rest)
                _memoryFallback.Enqueue(m);
        }
    }

    public void Dispose() => _messagesWaiting.Dispose();

    private void Store(IReadOnlyList<BuiltMessage> messages)
    {
        foreach (var message in messages)
        {
            Interlocked.Increment(ref _messagesBuilt);
            var messageId = Guid.NewGuid().ToString("D");
            var priority = message.Priority == QueueName.Low ? MessagePriority.Low : MessagePriority.High;
            var stored = _outbox.Append(message.Body, messageId, priority);
            foreach (var evicted in stored.Evicted)
                LogEvicted(_logger, evicted.MessageId, evicted.Priority);
            if (stored.Status != OutboxAppendStatus.Stored)
                KeepInMemory(new PendingMessage(message.Body, messageId), stored.Error);
        }
        if (messages.Count > 0)
            _messagesWaiting.Release();
    }

    private void KeepInMemory(PendingMessage message, string? error)
    {
        lock (_memoryFallback)
        {
            if (_memoryFallback.Count < MemoryFallbackCapacity)
            {
                _memoryFallback.Enqueue(message);
                LogKeptInMemory(_logger, message.MessageId, error);
                return;
            }
        }
        Interlocked.Increment(ref _messagesLost);
        LogLost(_logger, message.MessageId, error);
    }

    [LoggerMessage(Message = "{Message}")]
    private static partial void LogCollectorReport(ILogger logger, LogLevel level, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox full: evicted {Priority} message {MessageId} to make room")]
    private static partial void LogEvicted(ILogger logger, string messageId, MessagePriority priority);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox could not store message {MessageId} ({Error}); kept in memory until sent")]
    private static partial void LogKeptInMemory(ILogger logger, string messageId, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} lost: the outbox refused it ({Error}) and the memory fallback is full")]
    private static partial void LogLost(ILogger logger, string messageId, string? error);
}
