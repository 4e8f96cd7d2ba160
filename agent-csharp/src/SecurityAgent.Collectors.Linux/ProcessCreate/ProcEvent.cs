namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>One proc connector event, reduced to what the collector needs.</summary>
/// <param name="Kind">Fork, Exec or Exit (other kinds are not parsed).</param>
/// <param name="ProcessId">The thread id: the child for Fork, the task for Exec and Exit.</param>
/// <param name="ThreadGroupId">Its thread-group id (the process id as user space sees it).</param>
/// <param name="ParentThreadGroupId">For Fork and Exit, the parent's thread-group id.</param>
/// <param name="ExitCode">For Exit, the wait status (exit code in bits 8-15, signal in bits 0-6).</param>
internal readonly record struct ProcEvent(ProcEventKind Kind, uint ProcessId, uint ThreadGroupId, uint ParentThreadGroupId, uint ExitCode)
{
    /// <summary>Whether the event is about a process (thread-group leader), not a thread.</summary>
    public bool IsProcess => ProcessId == ThreadGroupId;
}
