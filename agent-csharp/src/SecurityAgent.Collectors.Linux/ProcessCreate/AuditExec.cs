namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>What the audit records of one successful execve or execveat say about the new image.</summary>
/// <param name="ProcessId">The process id (SYSCALL pid).</param>
/// <param name="ParentProcessId">The parent's process id (SYSCALL ppid).</param>
/// <param name="UserId">The real uid (SYSCALL uid).</param>
/// <param name="Executable">The new executable (SYSCALL exe), or null when the kernel gave none.</param>
/// <param name="CommandLine">The arguments (EXECVE a0..aN, hex-encoded ones decoded) joined by spaces.</param>
internal sealed record AuditExec(uint ProcessId, uint ParentProcessId, uint UserId, string? Executable, string CommandLine);
