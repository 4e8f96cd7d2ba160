namespace SecurityAgent.Collectors.Linux.ConnectionCreate;

/// <summary>Where connection events come from.</summary>
public enum ConnectionSource
{
    /// <summary>Audit connect/accept records, falling back to sock_diag snapshots where audit is refused.</summary>
    Auto,

    /// <summary>Audit only; the collector stops with a Diagnostic if audit is refused.</summary>
    Audit,

    /// <summary>sock_diag (inet_diag) snapshots of established TCP sockets, diffed every interval.</summary>
    SockDiag,
}
