using SecurityAgent.Collectors.Linux.Audit;
using SecurityAgent.Collectors.Linux.ProcessCreate;

namespace SecurityAgent.Collectors.Linux.Tests.ProcessCreate;

public sealed class AuditExecParserTests
{
    private static AuditRecord Record(string line)
    {
        Assert.That(AuditRecordParser.TryParseLogLine(line, out var record), Is.True, line);
        return record;
    }

    private static AuditRecord Syscall(int serial, string extra = "success=yes exit=0") => Record(
        $"type=SYSCALL msg=audit(1795996328.855:{serial}): arch=c000003e syscall=59 {extra} items=2 ppid=100 pid=101 auid=4294967295 uid=1000 gid=0 comm=\"x\" exe=\"/usr/bin/x\" key=(null)");

    [Test]
    public void Parse_RecordedEvents_YieldsTheExecsWithDecodedArguments()
    {
        var execs = ExecJoinFixture.AuditExecs();
        Assert.That(execs, Is.EqualTo(new[]
        {
            new AuditExec(ExecJoinFixture.Shell, ExecJoinFixture.Recorder, 0, "/usr/bin/dash", "/bin/sh -c /bin/echo \"two words\" 10 >/dev/null; exit 3"),
            new AuditExec(ExecJoinFixture.Echo, ExecJoinFixture.Shell, 0, "/usr/bin/echo", "/bin/echo two words 10"),
        }));
    }

    [Test]
    public void Parse_OtherSyscall_IsNotAnExecAndNotMalformed()
    {
        long malformed = 0;
        var events = ExecJoinFixture.AuditEvents();
        Assert.That(AuditExecParser.Parse(events[0], ref malformed), Is.Null);
        Assert.That(malformed, Is.Zero);
    }

    // Recorded: a 32-bit x86 program's execve (11) and execveat (358) on an x86-64 kernel; the
    // arch is the calling program's, the executable a 64-bit one.
    [TestCase("arch=40000003 syscall=11 success=yes exit=0 a0=565b1039 a1=565b2ed4 a2=565b1084 a3=f7f1dff4 items=2 ppid=31836 pid=31837")]
    [TestCase("arch=40000003 syscall=358 success=yes exit=0 a0=ffffff9c a1=565b1039 a2=565b2ed4 a3=565b1084 items=2 ppid=31836 pid=31838")]
    [TestCase("arch=c00000b7 syscall=221 success=yes exit=0 a0=aaaae0d1 a1=aaaae0d2 a2=aaaae0d3 a3=0 items=2 ppid=31836 pid=31839")]
    [TestCase("arch=c00000b7 syscall=281 success=yes exit=0 a0=ffffff9c a1=aaaae0d1 a2=aaaae0d2 a3=0 items=2 ppid=31836 pid=31840")]
    [TestCase("arch=40000028 syscall=11 success=yes exit=0 a0=10f3c a1=10f40 a2=10f44 a3=0 items=2 ppid=31836 pid=31841")]
    [TestCase("arch=40000028 syscall=387 success=yes exit=0 a0=ffffff9c a1=10f3c a2=10f40 a3=10f44 items=2 ppid=31836 pid=31842")]
    public void Parse_ExecOfAnotherArchitecture_IsNamedByTheRecordsArch(string fields)
    {
        long malformed = 0;
        var exec = AuditExecParser.Parse(
        [
            Record($"type=SYSCALL msg=audit(1796002881.671:811078): {fields} auid=4294967295 uid=0 gid=0 euid=0 comm=\"true\" exe=\"/usr/bin/true\" key=(null)"),
            Record("type=EXECVE msg=audit(1796002881.671:811078): argc=1 a0=\"true\""),
        ], ref malformed);
        Assert.That(exec, Is.Not.Null);
        Assert.That((exec!.ProcessId > 31836, exec.ParentProcessId, exec.Executable, exec.CommandLine), Is.EqualTo((true, 31836u, "/usr/bin/true", "true")));
        Assert.That(malformed, Is.Zero);
    }

    [TestCase("arch=c000003e syscall=11")]  // munmap on x86-64
    [TestCase("arch=40000003 syscall=59")]  // olduname on i386
    [TestCase("arch=c00000b7 syscall=59")]  // pipe2 on aarch64
    [TestCase("syscall=59")]
    [TestCase("arch=zz syscall=59")]
    public void Parse_NumberOfAnExecOnAnotherArch_IsNotAnExec(string fields)
    {
        long malformed = 0;
        Assert.That(AuditExecParser.Parse(
        [
            Record($"type=SYSCALL msg=audit(1796002881.671:5): {fields} success=yes exit=0 items=2 ppid=1 pid=2 uid=0 exe=\"/usr/bin/true\""),
            Record("type=EXECVE msg=audit(1796002881.671:5): argc=1 a0=\"true\""),
        ], ref malformed), Is.Null);
        Assert.That(malformed, Is.Zero);
    }

    [Test]
    public void Parse_FailedExec_IsIgnored()
    {
        long malformed = 0;
        Assert.That(AuditExecParser.Parse([Syscall(1, "success=no exit=-2")], ref malformed), Is.Null);
        Assert.That(malformed, Is.Zero);
    }

    [Test]
    public void Parse_ExecWithoutExecveRecord_IsMalformed()
    {
        long malformed = 0;
        Assert.That(AuditExecParser.Parse([Syscall(2)], ref malformed), Is.Null);
        Assert.That(malformed, Is.EqualTo(1));
    }

    [Test]
    public void Parse_LongArgumentInChunksOverTwoRecords_IsReassembled()
    {
        long malformed = 0;
        var exec = AuditExecParser.Parse(
        [
            Syscall(3),
            Record("type=EXECVE msg=audit(1795996328.855:3): argc=3 a0=\"/usr/bin/x\" a1_len=12 a1[0]=616263206465 a1[1]=\"fghijk\""),
            Record("type=EXECVE msg=audit(1795996328.855:3): a2=\"last\""),
        ], ref malformed);
        Assert.That(malformed, Is.Zero);
        Assert.That(exec, Is.EqualTo(new AuditExec(101, 100, 1000, "/usr/bin/x", "/usr/bin/x abc defghijk last")));
    }

    [Test]
    public void Parse_QuotedHexLookingArgument_IsKeptLiterally()
    {
        long malformed = 0;
        var exec = AuditExecParser.Parse(
            [Syscall(4), Record("type=EXECVE msg=audit(1795996328.855:4): argc=2 a0=\"sleep\" a1=\"10\"")], ref malformed);
        Assert.That(exec!.CommandLine, Is.EqualTo("sleep 10"));
    }

    [Test]
    public void Parse_TruncatedExecveRecord_KeepsTheArgumentsPresent()
    {
        long malformed = 0;
        var exec = AuditExecParser.Parse(
            [Syscall(5), Record("type=EXECVE msg=audit(1795996328.855:5): argc=3 a0=\"/usr/bin/x\" a1=\"y")], ref malformed);
        Assert.That(exec!.CommandLine, Is.EqualTo("/usr/bin/x \"y"));
        Assert.That(exec.Executable, Is.EqualTo("/usr/bin/x"));
    }

    [Test]
    public void Parse_HexEncodedExecutable_IsDecoded()
    {
        long malformed = 0;
        var syscall = Record("type=SYSCALL msg=audit(1795996328.855:6): arch=c000003e syscall=322 success=yes exit=0 ppid=1 pid=7 uid=0 exe=2F746D702F6120622F78");
        var exec = AuditExecParser.Parse([syscall, Record("type=EXECVE msg=audit(1795996328.855:6): argc=1 a0=78")], ref malformed);
        Assert.That((exec!.Executable, exec.CommandLine), Is.EqualTo(("/tmp/a b/x", "x")));
    }
}
