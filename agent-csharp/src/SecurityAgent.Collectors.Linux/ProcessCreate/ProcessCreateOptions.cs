namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>Options of <see cref="ProcessCreateCollector"/>; checked once when the collector is made.</summary>
public sealed class ProcessCreateOptions
{
    /// <summary>The root of the proc and etc trees. <value>Default "/".</value></summary>
    public string Root { get; init; } = "/";

    /// <summary>The event source. <value>Default <see cref="ProcessSource.Auto"/>.</value></summary>
    public ProcessSource Source { get; init; } = ProcessSource.Auto;

    /// <summary>The netlink receive buffer, 64 KiB to 64 MiB. <value>Default 4 MiB.</value></summary>
    public int ReceiveBufferBytes { get; init; } = 4 << 20;

    /// <summary>
    /// Whether execs are joined to audit EXECVE records when audit netlink is available (the
    /// proc connector source only). <value>Default true.</value>
    /// </summary>
    public bool Audit { get; init; } = true;

    /// <summary>How long an exec waits for its audit records, 10 ms to 1 min. <value>Default 2 s.</value></summary>
    public TimeSpan AuditWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The /proc polling interval of the fallback, 100 ms to 1 h. <value>Default 1 s.</value></summary>
    public TimeSpan PollingInterval { get; init; } = TimeSpan.FromSeconds(1);
}
