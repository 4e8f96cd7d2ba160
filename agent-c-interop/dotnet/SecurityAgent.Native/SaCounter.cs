namespace SecurityAgent.Native;

/// <summary>The counters of an agent (<c>sa_counter_t</c>); cumulative since creation.</summary>
public enum SaCounter
{
    /// <summary>Events that entered the queue.</summary>
    CollectedEvents = 0,
    /// <summary>Events the queue rejected or evicted.</summary>
    DroppedEvents = 1,
    /// <summary>Events waiting in the queue now.</summary>
    QueuedEvents = 2,
    /// <summary>Events that left the queue in a message.</summary>
    SentEvents = 3,
    /// <summary>Messages built.</summary>
    MessagesSent = 4,
    /// <summary>Events the router dropped (priority Off).</summary>
    RouterDroppedEvents = 5,
    /// <summary>Heap bytes the agent holds now.</summary>
    HeapBytes = 6,
}
