namespace SecurityAgent.Collectors.Linux.Proc;

/// <summary>What /proc says about one process.</summary>
/// <param name="ProcessId">The process id (thread-group id).</param>
/// <param name="ParentProcessId">The parent's process id.</param>
/// <param name="UserId">The real uid.</param>
/// <param name="Executable">The executable path, or null when the link could not be read.</param>
/// <param name="CommandLine">The arguments joined by spaces, or empty (kernel threads, zombies).</param>
/// <param name="Command">The command name (comm), or empty.</param>
internal sealed record ProcessInfo(uint ProcessId, uint ParentProcessId, uint UserId, string? Executable, string CommandLine, string Command);
