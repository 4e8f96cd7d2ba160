namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>The proc connector events the collector uses (linux/cn_proc.h values).</summary>
internal enum ProcEventKind : uint
{
    /// <summary>An acknowledgement of the listen request.</summary>
    None = 0,

    /// <summary>A fork or clone.</summary>
    Fork = 0x1,

    /// <summary>An execve.</summary>
    Exec = 0x2,

    /// <summary>An exit.</summary>
    Exit = 0x80000000,
}
