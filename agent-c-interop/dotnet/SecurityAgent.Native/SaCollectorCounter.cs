namespace SecurityAgent.Native;

/// <summary>The counters of a native collector (sa_collector_counter_t).</summary>
public enum SaCollectorCounter
{
    /// <summary>Events handed to the agent.</summary>
    SubmittedEvents = 0,
    /// <summary>Input lines, rows or messages skipped as malformed.</summary>
    Malformed = 1,
    /// <summary>Live source overflows (the kernel dropped events).</summary>
    Overflows = 2,
    /// <summary>Processes gone before /proc was read.</summary>
    Incomplete = 3,
    /// <summary>Snapshots that failed (nothing submitted).</summary>
    FailedSnapshots = 4,
}
