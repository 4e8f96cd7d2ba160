namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>Where process events come from.</summary>
public enum ProcessSource
{
    /// <summary>The proc connector, falling back to polling /proc where netlink is refused.</summary>
    Auto,

    /// <summary>The proc connector only; the collector stops with a Diagnostic if it is refused.</summary>
    ProcConnector,

    /// <summary>Polling /proc (no exit status, and processes shorter than the interval are missed).</summary>
    Polling,
}
