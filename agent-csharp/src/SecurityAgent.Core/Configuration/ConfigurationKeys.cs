using SecurityAgent.Core.Events;

namespace SecurityAgent.Core.Configuration;

/// <summary>The twin configuration keys, in the order of reported properties (docs/core-rules.md §9).</summary>
internal static class ConfigurationKeys
{
    public const int HighPriorityMessageFrequency = 0;
    public const int LowPriorityMessageFrequency = 1;
    public const int SnapshotFrequency = 2;
    public const int MaxLocalCacheSizeInBytes = 3;
    public const int MaxMessageSizeInBytes = 4;
    public const int EventPriorityConnectedHardware = 5;
    public const int AggregationEnabledProcessCreate = 20;
    public const int AggregationIntervalProcessCreate = 21;
    public const int AggregationEnabledConnectionCreate = 22;
    public const int AggregationIntervalConnectionCreate = 23;
    public const int AggregationEnabledProcessTerminate = 24;
    public const int AggregationIntervalProcessTerminate = 25;
    public const int BaselineCustomChecksEnabled = 26;
    public const int BaselineCustomChecksFilePath = 27;
    public const int BaselineCustomChecksFileHash = 28;
    public const int HubResourceId = 29;
    public const int HeartbeatFrequency = 30;
    public const int DiagnosticEventsMinimumSeverity = 31;
    public const int AggregationMaxDistinctKeys = 32;

    private const long Hour = 3600;

    public static readonly ConfigurationKey[] All =
    [
        new("highPriorityMessageFrequency", KeyKind.Duration, 7 * 60),
        new("lowPriorityMessageFrequency", KeyKind.Duration, 5 * Hour),
        new("snapshotFrequency", KeyKind.Duration, 13 * Hour),
        new("maxLocalCacheSizeInBytes", KeyKind.Integer, 2560000, 8192, int.MaxValue),
        new("maxMessageSizeInBytes", KeyKind.Integer, 204800, 8192, 262144),
        new("eventPriorityConnectedHardware", KeyKind.Priority, (long)EventPriority.Low),
        new("eventPriorityListeningPorts", KeyKind.Priority, (long)EventPriority.High),
        new("eventPriorityProcessCreate", KeyKind.Priority, (long)EventPriority.Low),
        new("eventPriorityProcessTerminate", KeyKind.Priority, (long)EventPriority.Low),
        new("eventPrioritySystemInformation", KeyKind.Priority, (long)EventPriority.Low),
        new("eventPriorityLocalUsers", KeyKind.Priority, (long)EventPriority.High),
        new("eventPriorityLogin", KeyKind.Priority, (long)EventPriority.High),
        new("eventPriorityConnectionCreate", KeyKind.Priority, (long)EventPriority.Low),
        new("eventPriorityFirewallConfiguration", KeyKind.Priority, (long)EventPriority.Low),
        new("eventPriorityOSBaseline", KeyKind.Priority, (long)EventPriority.Low),
        new("eventPriorityDiagnostic", KeyKind.Priority, (long)EventPriority.Low),
        new("eventPriorityConfigurationError", KeyKind.Priority, (long)EventPriority.Low),
        new("eventPriorityDroppedEventsStatistics", KeyKind.Priority, (long)EventPriority.Low),
        new("eventPriorityMessageStatistics", KeyKind.Priority, (long)EventPriority.Low),
        new("eventPriorityHeartbeat", KeyKind.Priority, (long)EventPriority.Off),
        new("aggregationEnabledProcessCreate", KeyKind.Boolean, 1),
        new("aggregationIntervalProcessCreate", KeyKind.Duration, Hour),
        new("aggregationEnabledConnectionCreate", KeyKind.Boolean, 1),
        new("aggregationIntervalConnectionCreate", KeyKind.Duration, Hour),
        new("aggregationEnabledProcessTerminate", KeyKind.Boolean, 1),
        new("aggregationIntervalProcessTerminate", KeyKind.Duration, Hour),
        new("baselineCustomChecksEnabled", KeyKind.Boolean, 0),
        new("baselineCustomChecksFilePath", KeyKind.Text, 0),
        new("baselineCustomChecksFileHash", KeyKind.Sha256, 0),
        new("hubResourceId", KeyKind.Text, 0),
        new("heartbeatFrequency", KeyKind.Duration, 15 * 60),
        new("diagnosticEventsMinimumSeverity", KeyKind.Severity, (long)DiagnosticSeverity.Warning),
        new("aggregationMaxDistinctKeys", KeyKind.Integer, 1024, 16, 65536),
    ];

    /// <summary>The index of the priority key of an event name.</summary>
    public static int PriorityKeyOf(EventName name) => name switch
    {
        EventName.ListeningPorts => 6,
        EventName.ProcessCreate => 7,
        EventName.ProcessTerminate => 8,
        EventName.SystemInformation => 9,
        EventName.LocalUsers => 10,
        EventName.Login => 11,
        EventName.ConnectionCreate => 12,
        EventName.FirewallConfiguration => 13,
        EventName.OSBaseline => 14,
        EventName.Diagnostic => 15,
        EventName.ConfigurationError => 16,
        EventName.DroppedEventsStatistics => 17,
        EventName.MessageStatistics => 18,
        EventName.Heartbeat => 19,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
