namespace SecurityAgent.Core.Events;

/// <summary>An event queue.</summary>
public enum QueueName
{
    /// <summary>High.</summary>
    High,

    /// <summary>Low.</summary>
    Low,

    /// <summary>Operational.</summary>
    Operational,
}
