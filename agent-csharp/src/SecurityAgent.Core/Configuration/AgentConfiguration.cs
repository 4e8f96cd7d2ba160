using SecurityAgent.Core.Events;
using K = SecurityAgent.Core.Configuration.ConfigurationKeys;

namespace SecurityAgent.Core.Configuration;

/// <summary>
/// The twin configuration in force: every key of schemas/twin-configuration.schema.json,
/// checked and frozen. Made by the configuration parser; <see cref="Default"/> before any twin.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class AgentConfiguration
{
    private readonly long[] _numbers;
    private readonly string[] _texts;

    internal AgentConfiguration(long[] numbers, string[] texts)
    {
        _numbers = numbers;
        _texts = texts;
    }

    /// <summary>The defaults of every key.</summary>
    public static AgentConfiguration Default { get; } = CreateDefault();

    /// <summary>How often a message is sent from the High queue. <value>Default PT7M.</value></summary>
    public TimeSpan HighPriorityMessageFrequency => Seconds(K.HighPriorityMessageFrequency);

    /// <summary>How often a message is sent from the Low queue. <value>Default PT5H.</value></summary>
    public TimeSpan LowPriorityMessageFrequency => Seconds(K.LowPriorityMessageFrequency);

    /// <summary>How often snapshots and statistics are produced. <value>Default PT13H.</value></summary>
    public TimeSpan SnapshotFrequency => Seconds(K.SnapshotFrequency);

    /// <summary>The byte budget of all queues together. <value>Default 2560000, at least 8192.</value></summary>
    public long MaxLocalCacheSizeInBytes => _numbers[K.MaxLocalCacheSizeInBytes];

    /// <summary>The largest message body in bytes. <value>Default 204800, from 8192 to 262144.</value></summary>
    public int MaxMessageSizeInBytes => (int)_numbers[K.MaxMessageSizeInBytes];

    /// <summary>The priority of ConnectedHardware (accepted for compatibility; no collector). <value>Default Low.</value></summary>
    public EventPriority ConnectedHardwarePriority => (EventPriority)_numbers[K.EventPriorityConnectedHardware];

    /// <summary>Whether custom baseline checks run. <value>Default false.</value></summary>
    public bool BaselineCustomChecksEnabled => _numbers[K.BaselineCustomChecksEnabled] != 0;

    /// <summary>The custom baseline checks file. <value>Default empty.</value></summary>
    public string BaselineCustomChecksFilePath => _texts[K.BaselineCustomChecksFilePath];

    /// <summary>The SHA-256 of the custom baseline checks file. <value>Default empty.</value></summary>
    public string BaselineCustomChecksFileHash => _texts[K.BaselineCustomChecksFileHash];

    /// <summary>The hub's resource id, copied into a message property when not empty. <value>Default empty.</value></summary>
    public string HubResourceId => _texts[K.HubResourceId];

    /// <summary>How often a Heartbeat is produced while its priority is not Off. <value>Default PT15M.</value></summary>
    public TimeSpan HeartbeatFrequency => Seconds(K.HeartbeatFrequency);

    /// <summary>The lowest severity sent as a Diagnostic event. <value>Default Warning.</value></summary>
    public DiagnosticSeverity DiagnosticEventsMinimumSeverity => (DiagnosticSeverity)_numbers[K.DiagnosticEventsMinimumSeverity];

    /// <summary>The most distinct keys one aggregator holds. <value>Default 1024, from 16 to 65536.</value></summary>
    public int AggregationMaxDistinctKeys => (int)_numbers[K.AggregationMaxDistinctKeys];

    /// <summary>The priority of an event name. <value>Defaults per the twin schema.</value></summary>
    public EventPriority PriorityOf(EventName name) => (EventPriority)_numbers[K.PriorityKeyOf(name)];

    /// <summary>Whether events of an aggregatable name are aggregated. <value>Default true.</value></summary>
    /// <exception cref="ArgumentOutOfRangeException">Not ProcessCreate, ConnectionCreate or ProcessTerminate.</exception>
    public bool AggregationEnabled(EventName name) => _numbers[AggregationKey(name)] != 0;

    /// <summary>The aggregation window of an aggregatable name. <value>Default PT1H.</value></summary>
    /// <exception cref="ArgumentOutOfRangeException">Not ProcessCreate, ConnectionCreate or ProcessTerminate.</exception>
    public TimeSpan AggregationInterval(EventName name) => Seconds(AggregationKey(name) + 1);

    internal long Number(int key) => _numbers[key];

    internal string Text(int key) => _texts[key];

    private static int AggregationKey(EventName name) => name switch
    {
        EventName.ProcessCreate => K.AggregationEnabledProcessCreate,
        EventName.ConnectionCreate => K.AggregationEnabledConnectionCreate,
        EventName.ProcessTerminate => K.AggregationEnabledProcessTerminate,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private TimeSpan Seconds(int key) => TimeSpan.FromSeconds(_numbers[key]);

    private static AgentConfiguration CreateDefault()
    {
        var numbers = new long[K.All.Length];
        var texts = new string[K.All.Length];
        for (var i = 0; i < K.All.Length; i++)
        {
            numbers[i] = K.All[i].DefaultNumber;
            texts[i] = string.Empty;
        }

        return new AgentConfiguration(numbers, texts);
    }
}
