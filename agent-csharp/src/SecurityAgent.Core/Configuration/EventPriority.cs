namespace SecurityAgent.Core.Configuration;

/// <summary>The priority of an event name.</summary>
public enum EventPriority
{
    /// <summary>Sent on the high-priority schedule.</summary>
    High,

    /// <summary>Sent on the low-priority schedule.</summary>
    Low,

    /// <summary>Dropped at the source.</summary>
    Off,
}
