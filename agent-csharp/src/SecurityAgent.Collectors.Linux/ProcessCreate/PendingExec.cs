namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>An exec from the proc connector waiting for its audit records; later execs of the same pid chain behind it.</summary>
internal sealed class PendingExec(uint processId, DateTimeOffset receivedAt, long auditsSeen)
{
    /// <summary>The process id.</summary>
    public uint ProcessId { get; } = processId;

    /// <summary>When the exec was received: the time of its ProcessCreate and the start of its wait.</summary>
    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>How many audit execs the joiner had seen when this one started waiting.</summary>
    public long AuditsSeen { get; } = auditsSeen;

    /// <summary>The wait status of the process's exit, when it exited while waiting.</summary>
    public uint? ExitStatus { get; set; }

    /// <summary>When the exit was received.</summary>
    public DateTimeOffset ExitedAt { get; set; }

    /// <summary>A later exec of the same pid (the process exec'd again, or the pid was reused).</summary>
    public PendingExec? Next { get; set; }

    /// <summary>Whether it was sent (joined, expired or evicted).</summary>
    public bool Done { get; set; }
}
