using System.Buffers.Binary;
using SecurityAgent.Collectors.Linux.Audit;

namespace SecurityAgent.Collectors.Linux.Tests.Audit;

/// <summary>
/// The syscall tables per kernel architecture, checked against the kernel's uapi headers
/// (asm/unistd_64.h, asm/unistd_32.h, asm-generic/unistd.h, arm's asm/unistd-eabi.h, linux/net.h
/// for socketcall's calls, linux/audit.h and linux/elf-em.h for AUDIT_ARCH).
/// </summary>
public sealed class AuditSyscallTests
{
    private const uint X8664 = 0xC000003E, I386 = 0x40000003, Aarch64 = 0xC00000B7, Arm = 0x40000028;

    [TestCase("x86_64", new[] { X8664, I386 })]
    [TestCase("i386", new[] { I386 })]
    [TestCase("i686", new[] { I386 })]
    [TestCase("aarch64", new[] { Aarch64, Arm })]
    [TestCase("armv7l", new[] { Arm })]
    [TestCase("armv6l", new[] { Arm })]
    [TestCase("armv7b", new uint[0])]
    [TestCase("aarch64_be", new uint[0])]
    [TestCase("riscv64", new uint[0])]
    [TestCase("", new uint[0])]
    public void ArchesOf_KernelMachine_GivesItsArchThenItsCompatArch(string machine, uint[] arches) =>
        Assert.That(AuditSyscall.ArchesOf(machine), Is.EqualTo(arches));

    [Test]
    public void KernelArches_ThisMachine_FollowTheKernelNotThisProcess()
    {
        var machine = File.ReadAllText("/proc/sys/kernel/arch").Trim();
        Assert.That(AuditSyscall.KernelArches, Is.EqualTo(AuditSyscall.ArchesOf(machine)));
        Assert.That(AuditSyscall.KernelArches, Is.Not.Empty, machine);
    }

    [TestCase(X8664, 42, "connect")]
    [TestCase(X8664, 43, "accept")]
    [TestCase(X8664, 288, "accept4")]
    [TestCase(X8664, 59, "execve")]
    [TestCase(X8664, 322, "execveat")]
    [TestCase(I386, 362, "connect")]
    [TestCase(I386, 364, "accept4")]
    [TestCase(I386, 11, "execve")]
    [TestCase(I386, 358, "execveat")]
    [TestCase(Aarch64, 203, "connect")]
    [TestCase(Aarch64, 202, "accept")]
    [TestCase(Aarch64, 242, "accept4")]
    [TestCase(Aarch64, 221, "execve")]
    [TestCase(Aarch64, 281, "execveat")]
    [TestCase(Arm, 283, "connect")]
    [TestCase(Arm, 285, "accept")]
    [TestCase(Arm, 366, "accept4")]
    [TestCase(Arm, 11, "execve")]
    [TestCase(Arm, 387, "execveat")]
    [TestCase(X8664, 11, null)]  // munmap
    [TestCase(X8664, 102, null)] // getuid
    [TestCase(I386, 42, null)]   // pipe
    [TestCase(I386, 43, null)]   // times: i386 has no accept syscall
    [TestCase(Aarch64, 42, null)]
    [TestCase(Arm, 102, null)]   // socketcall is not in the EABI table
    [TestCase(0u, 42, null)]
    public void NameOf_ArchAndNumber_NamesOnlyThatArchsSyscall(uint arch, int number, string? name) =>
        Assert.That(AuditSyscall.NameOf(arch, number, 0), Is.EqualTo(name));

    [TestCase("3", "connect")]
    [TestCase("5", "accept")]
    [TestCase("12", "accept4")] // a0 is hex: SYS_ACCEPT4 18
    [TestCase("2", null)]       // bind
    [TestCase("6", null)]       // getsockname
    [TestCase("18", null)]      // 0x18 = 24: no such call
    [TestCase("zz", null)]
    [TestCase("", null)]
    public void NameOf_I386SocketCall_IsNamedByItsCall(string a0, string? name)
    {
        Assert.That(AuditSyscall.NameOf("40000003", "102", a0, out var socketCall), Is.EqualTo(name));
        Assert.That(socketCall, Is.EqualTo(name is not null || (a0 is not ("zz" or ""))));
    }

    [TestCase("c000003e", "42", "connect")]
    [TestCase("C000003E", "42", "connect")]
    [TestCase("40000028", "366", "accept4")]
    [TestCase("", "42", null)]
    [TestCase("zz", "42", null)]
    [TestCase("c000003e", "", null)]
    [TestCase("c000003e", "-42", null)]
    [TestCase("1c000003e", "42", null)]
    [TestCase("c000003e", "102", null)]
    public void NameOf_RecordText_ReadsArchAsHexAndNumberAsDecimal(string arch, string number, string? name)
    {
        Assert.That(AuditSyscall.NameOf(arch, number, "3", out var socketCall), Is.EqualTo(name));
        Assert.That(socketCall, Is.False);
    }

    private static string Describe(IEnumerable<KernelRule> rules) =>
        string.Join("; ", rules.Select(r => $"{r.Arch:x} [{string.Join(",", r.Syscalls)}]{(r.SuccessOnly ? " success" : "")}{(r.Arg0 is { } a0 ? $" a0={a0}" : "")}"));

    private static readonly AuditRule ConnectRule = new([AuditSyscall.Connect], SuccessOnly: false);
    private static readonly AuditRule AcceptRule = new([AuditSyscall.Accept, AuditSyscall.Accept4], SuccessOnly: true);
    private static readonly AuditRule ExecRule = new([AuditSyscall.Execve, AuditSyscall.Execveat], SuccessOnly: true);

    [Test]
    public void Expand_X8664Kernel_GivesB64RulesAndI386CompatRulesWithSocketCall()
    {
        uint[] arches = [X8664, I386];
        Assert.That(Describe(AuditSyscall.Expand(arches, ConnectRule)), Is.EqualTo("c000003e [42]; 40000003 [362]; 40000003 [102] a0=3"));
        Assert.That(Describe(AuditSyscall.Expand(arches, AcceptRule)),
            Is.EqualTo("c000003e [43,288] success; 40000003 [364] success; 40000003 [102] success a0=5; 40000003 [102] success a0=18"));
        Assert.That(Describe(AuditSyscall.Expand(arches, ExecRule)), Is.EqualTo("c000003e [59,322] success; 40000003 [11,358] success"));
    }

    [Test]
    public void Expand_Aarch64AndArmKernels_GiveTheirOwnNumbers()
    {
        Assert.That(Describe(AuditSyscall.Expand([Aarch64, Arm], ConnectRule)), Is.EqualTo("c00000b7 [203]; 40000028 [283]"));
        Assert.That(Describe(AuditSyscall.Expand([Aarch64, Arm], AcceptRule)), Is.EqualTo("c00000b7 [202,242] success; 40000028 [285,366] success"));
        Assert.That(Describe(AuditSyscall.Expand([Arm], ExecRule)), Is.EqualTo("40000028 [11,387] success"));
        Assert.That(Describe(AuditSyscall.Expand([I386], ExecRule)), Is.EqualTo("40000003 [11,358] success"));
        Assert.That(AuditSyscall.Expand([], ConnectRule), Is.Empty);
    }

    [Test]
    public void Rule_WithArg0_WritesArchThenArg0ThenSuccess()
    {
        var m = AuditMessages.Rule(add: true, 7, new KernelRule(I386, [102], SuccessOnly: true, Arg0: 18));
        var body = m.AsSpan(16);
        const int fieldsAt = 12 + 256, valuesAt = fieldsAt + 256, flagsAt = valuesAt + 256;
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(m.AsSpan(4)), Is.EqualTo(1011));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body[8..]), Is.EqualTo(3));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body[(12 + 12)..]), Is.EqualTo(1u << (102 - 96)));
        uint[] fields = [11, 200, 104], values = [I386, 18, 1];
        for (var i = 0; i < 3; i++)
        {
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body[(fieldsAt + (4 * i))..]), Is.EqualTo(fields[i]));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body[(valuesAt + (4 * i))..]), Is.EqualTo(values[i]));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body[(flagsAt + (4 * i))..]), Is.EqualTo(0x40000000));
        }
        Assert.That(AuditMessages.Rule(add: false, 7, X8664, [42], successOnly: false).AsSpan(16 + 8, 4).ToArray(), Is.EqualTo(new byte[] { 1, 0, 0, 0 }));
    }
}
