namespace SecurityAgent.Collectors.Linux.Audit;

/// <summary>An exit-filter audit rule on some syscalls of this architecture.</summary>
/// <param name="Syscalls">The syscall numbers.</param>
/// <param name="SuccessOnly">Whether only successful calls are recorded (success=1).</param>
internal sealed record AuditRule(int[] Syscalls, bool SuccessOnly);
