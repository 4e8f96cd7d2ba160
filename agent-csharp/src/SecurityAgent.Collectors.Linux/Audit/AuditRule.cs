namespace SecurityAgent.Collectors.Linux.Audit;

/// <summary>
/// An exit-filter audit rule on some syscalls, by name (<see cref="AuditSyscall"/>): the hub adds
/// it for each architecture the kernel audits (<see cref="AuditSyscall.Expand"/>).
/// </summary>
/// <param name="Syscalls">The syscall names.</param>
/// <param name="SuccessOnly">Whether only successful calls are recorded (success=1).</param>
internal sealed record AuditRule(string[] Syscalls, bool SuccessOnly);
