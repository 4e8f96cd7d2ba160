namespace SecurityAgent.Collectors.Linux;

/// <summary>
/// The drop counters of a Linux collector, for the host to read (for example into
/// DroppedEventsStatistics or its own log). Every count is cumulative since the collector was made.
/// </summary>
/// <remarks>
/// Thread-safe: read from any thread while the collector runs. The audit-based collectors
/// (ConnectionCreate, Login, and ProcessCreate when it joins audit EXECVE records) share one
/// <see cref="Audit.AuditHub"/>: their <see cref="Overflows"/> and <see cref="KernelLost"/> are the
/// hub's, the same numbers in each, so a host that sums over collectors counts them once
/// (<see cref="SharesAuditCounters"/>).
/// </remarks>
public interface ICollectorStatistics
{
    /// <summary>Netlink receive-buffer overflows (ENOBUFS): each one means the kernel dropped messages.</summary>
    long Overflows { get; }

    /// <summary>Input that could not be parsed (netlink messages, audit records, file lines or records).</summary>
    long Malformed { get; }

    /// <summary>Audit records the kernel itself lost (its backlog was full) since the hub started.</summary>
    long KernelLost { get; }

    /// <summary>Events sent with some fields unknown (for processes: gone before they could be read).</summary>
    long Incomplete { get; }

    /// <summary>Whether <see cref="Overflows"/> and <see cref="KernelLost"/> are the shared audit hub's.</summary>
    bool SharesAuditCounters { get; }
}
