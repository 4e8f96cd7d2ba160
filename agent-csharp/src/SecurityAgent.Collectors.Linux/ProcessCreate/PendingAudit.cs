namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>An audit exec that arrived before its proc connector exec; later ones of the same pid chain behind it.</summary>
internal sealed class PendingAudit(AuditExec exec, DateTimeOffset receivedAt)
{
    /// <summary>The exec.</summary>
    public AuditExec Exec { get; } = exec;

    /// <summary>When it was received: the start of its wait.</summary>
    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>A later audit exec of the same pid.</summary>
    public PendingAudit? Next { get; set; }

    /// <summary>Whether it was used or dropped.</summary>
    public bool Done { get; set; }
}
