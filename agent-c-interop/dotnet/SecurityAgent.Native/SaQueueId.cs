namespace SecurityAgent.Native;

/// <summary>The queues of the pipeline (<c>sa_queue_t</c>).</summary>
public enum SaQueueId
{
    /// <summary>The High queue.</summary>
    High = 0,
    /// <summary>The Low queue.</summary>
    Low = 1,
    /// <summary>The Operational queue.</summary>
    Operational = 2,
    /// <summary>All three queues together (counters only).</summary>
    All = 3,
}
