namespace SecurityAgent.Core.Events;

/// <summary>How an event came about.</summary>
public enum EventCategory
{
    /// <summary>Periodic.</summary>
    Periodic,

    /// <summary>Triggered.</summary>
    Triggered,

    /// <summary>Aggregated.</summary>
    Aggregated,
}
