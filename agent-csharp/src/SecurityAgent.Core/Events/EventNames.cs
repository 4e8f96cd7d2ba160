namespace SecurityAgent.Core.Events;

/// <summary>Facts about each event name.</summary>
internal static class EventNames
{
    /// <summary>The number of event names.</summary>
    public const int Count = 14;

    public static EventType TypeOf(EventName name) => name switch
    {
        EventName.Diagnostic => EventType.Diagnostic,
        EventName.ConfigurationError or EventName.DroppedEventsStatistics
            or EventName.MessageStatistics or EventName.Heartbeat => EventType.Operational,
        _ => EventType.Security,
    };

    public static bool IsAggregatable(EventName name) =>
        name is EventName.ProcessCreate or EventName.ConnectionCreate or EventName.ProcessTerminate;
}
