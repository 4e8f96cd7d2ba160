using System.Globalization;
using SecurityAgent.Collectors.Linux.Interop;

namespace SecurityAgent.Collectors.Linux.Audit;

/// <summary>
/// The syscalls the collectors audit (connect, accept, accept4, execve, execveat), with their
/// numbers on each architecture the kernel may audit. Rules follow the kernel, not this process:
/// a 64-bit kernel runs 32-bit processes too, whose syscalls carry their own AUDIT_ARCH and
/// numbers, and a 32-bit agent may run on a 64-bit kernel. A record is named by its own arch=.
/// </summary>
/// <remarks>
/// Numbers from the kernel's uapi headers (asm/unistd_64.h, asm/unistd_32.h, asm-generic/unistd.h,
/// arm's asm/unistd-eabi.h); 32-bit x86 has no accept syscall and reaches connect, accept and
/// accept4 through socketcall (102) too, which glibc still uses there: socketcall is audited with
/// a filter on its first argument (SYS_CONNECT 3, SYS_ACCEPT 5, SYS_ACCEPT4 18).
/// </remarks>
internal static class AuditSyscall
{
    /// <summary>AUDIT_ARCH_X86_64.</summary>
    public const uint ArchX8664 = 0xC000003E;

    /// <summary>AUDIT_ARCH_I386.</summary>
    public const uint ArchI386 = 0x40000003;

    /// <summary>AUDIT_ARCH_AARCH64.</summary>
    public const uint ArchAarch64 = 0xC00000B7;

    /// <summary>AUDIT_ARCH_ARM (EABI, little-endian).</summary>
    public const uint ArchArm = 0x40000028;

    /// <summary>socketcall on i386.</summary>
    public const int SocketCall = 102;

    public const string Connect = "connect";
    public const string Accept = "accept";
    public const string Accept4 = "accept4";
    public const string Execve = "execve";
    public const string Execveat = "execveat";

    private static readonly (uint Arch, string Name, int Number)[] Table =
    [
        (ArchX8664, Connect, 42), (ArchX8664, Accept, 43), (ArchX8664, Accept4, 288), (ArchX8664, Execve, 59), (ArchX8664, Execveat, 322),
        (ArchI386, Connect, 362), (ArchI386, Accept4, 364), (ArchI386, Execve, 11), (ArchI386, Execveat, 358),
        (ArchAarch64, Connect, 203), (ArchAarch64, Accept, 202), (ArchAarch64, Accept4, 242), (ArchAarch64, Execve, 221), (ArchAarch64, Execveat, 281),
        (ArchArm, Connect, 283), (ArchArm, Accept, 285), (ArchArm, Accept4, 366), (ArchArm, Execve, 11), (ArchArm, Execveat, 387),
    ];

    /// <summary>The socketcall call numbers (linux/net.h) of the socket syscalls above.</summary>
    private static readonly (string Name, uint Call)[] SocketCalls = [(Connect, 3), (Accept, 5), (Accept4, 18)];

    /// <summary>The AUDIT_ARCH values of this machine's kernel (see <see cref="ArchesOf"/>), read once.</summary>
    public static IReadOnlyList<uint> KernelArches { get; } = ArchesOf(KernelMachine());

    /// <summary>
    /// The AUDIT_ARCH values whose syscalls a kernel of this uname machine audits: its own, then
    /// the 32-bit one its compat layer runs (x86_64: i386; aarch64: arm). Empty when unknown.
    /// </summary>
    public static uint[] ArchesOf(string machine) => machine switch
    {
        "x86_64" => [ArchX8664, ArchI386],
        "i386" or "i486" or "i586" or "i686" => [ArchI386],
        "aarch64" => [ArchAarch64, ArchArm],
        _ when machine.StartsWith("armv", StringComparison.Ordinal) && machine.EndsWith('l') => [ArchArm],
        _ => [],
    };

    /// <summary>
    /// The name of syscall <paramref name="number"/> on <paramref name="arch"/> among those above,
    /// a socketcall named by its call <paramref name="a0"/>; null for any other.
    /// </summary>
    public static string? NameOf(uint arch, int number, uint a0)
    {
        if (arch == ArchI386 && number == SocketCall)
        {
            foreach (var (name, call) in SocketCalls)
            {
                if (call == a0)
                {
                    return name;
                }
            }
            return null;
        }
        foreach (var (a, name, n) in Table)
        {
            if (a == arch && n == number)
            {
                return name;
            }
        }
        return null;
    }

    /// <summary>
    /// The name of a SYSCALL record's call from its arch= (hex), syscall= (decimal) and a0= (hex)
    /// values, as <see cref="NameOf(uint, int, uint)"/>; null when one is missing or malformed.
    /// <paramref name="socketCall"/> says it went through socketcall (its arguments are then in
    /// the SOCKETCALL record).
    /// </summary>
    public static string? NameOf(ReadOnlySpan<char> arch, ReadOnlySpan<char> number, ReadOnlySpan<char> a0, out bool socketCall)
    {
        socketCall = false;
        if (!uint.TryParse(arch, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var archValue)
            || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var numberValue))
        {
            return null;
        }
        if (archValue == ArchI386 && numberValue == SocketCall)
        {
            if (!uint.TryParse(a0, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var call))
            {
                return null;
            }
            socketCall = true;
            return NameOf(archValue, numberValue, call);
        }
        return NameOf(archValue, numberValue, 0);
    }

    /// <summary>
    /// The kernel rules that audit <paramref name="rule"/>'s syscalls on each of
    /// <paramref name="arches"/>: per arch, one rule on the syscalls it has, then on i386 one
    /// socketcall rule per socket syscall, filtered on its call. Syscalls an arch lacks are left out.
    /// </summary>
    public static List<KernelRule> Expand(IReadOnlyList<uint> arches, AuditRule rule)
    {
        var rules = new List<KernelRule>();
        foreach (var arch in arches)
        {
            var numbers = new List<int>();
            foreach (var name in rule.Syscalls)
            {
                foreach (var (a, n, number) in Table)
                {
                    if (a == arch && n == name)
                    {
                        numbers.Add(number);
                    }
                }
            }
            if (numbers.Count > 0)
            {
                rules.Add(new KernelRule(arch, [.. numbers], rule.SuccessOnly, null));
            }
            if (arch != ArchI386)
            {
                continue;
            }
            foreach (var name in rule.Syscalls)
            {
                foreach (var (n, call) in SocketCalls)
                {
                    if (n == name)
                    {
                        rules.Add(new KernelRule(arch, [SocketCall], rule.SuccessOnly, call));
                    }
                }
            }
        }
        return rules;
    }

    /// <summary>The kernel's uname machine: /proc/sys/kernel/arch (which a 32-bit personality does not change), else uname().</summary>
    private static string KernelMachine()
    {
        try
        {
            var arch = File.ReadAllText("/proc/sys/kernel/arch").Trim();
            if (arch.Length > 0)
            {
                return arch;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return Libc.UnameMachine() ?? string.Empty;
    }
}

/// <summary>One exit-filter rule as the kernel takes it: one arch, syscall numbers, optionally success only and a first argument.</summary>
/// <param name="Arch">The AUDIT_ARCH value.</param>
/// <param name="Syscalls">The syscall numbers on that arch.</param>
/// <param name="SuccessOnly">Whether only successful calls are recorded (success=1).</param>
/// <param name="Arg0">The first argument the call must have (a0=), or null.</param>
internal sealed record KernelRule(uint Arch, int[] Syscalls, bool SuccessOnly, uint? Arg0)
{
    /// <summary>Whether <paramref name="other"/> is the same rule (the kernel would say EEXIST).</summary>
    public bool Same(KernelRule other) =>
        Arch == other.Arch && SuccessOnly == other.SuccessOnly && Arg0 == other.Arg0 && Syscalls.SequenceEqual(other.Syscalls);
}
