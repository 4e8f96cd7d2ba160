using System.Runtime.InteropServices;

namespace SecurityAgent.Collectors.Linux.Audit;

/// <summary>The syscalls the collectors audit, with their numbers on this architecture.</summary>
internal static class AuditSyscall
{
    /// <summary>AUDIT_ARCH_* of this process's architecture, or 0 when not supported.</summary>
    public static uint Arch => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0xC000003E,
        Architecture.Arm64 => 0xC00000B7,
        _ => 0,
    };

    /// <summary>connect, accept and accept4.</summary>
    public static int[] Connections => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? [203, 202, 242] : [42, 43, 288];

    /// <summary>execve and execveat.</summary>
    public static int[] Exec => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? [221, 281] : [59, 322];

    /// <summary>The name of a syscall number among those above, or null.</summary>
    public static string? NameOf(int number) => RuntimeInformation.ProcessArchitecture == Architecture.Arm64
        ? number switch { 203 => "connect", 202 => "accept", 242 => "accept4", 221 => "execve", 281 => "execveat", _ => null }
        : number switch { 42 => "connect", 43 => "accept", 288 => "accept4", 59 => "execve", 322 => "execveat", _ => null };
}
