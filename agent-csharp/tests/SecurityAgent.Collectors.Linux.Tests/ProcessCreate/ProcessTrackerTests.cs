using SecurityAgent.Collectors.Linux.Proc;
using SecurityAgent.Collectors.Linux.ProcessCreate;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.ProcessCreate;

public sealed class ProcessTrackerTests
{
    private static ProcessTracker CreateSut()
    {
        var root = Fixtures.Path("ProcessCreate", "root");
        return new ProcessTracker(new ProcFileSystem(root), new UserDirectory(root));
    }

    private static List<PayloadItem> Replay(ProcessTracker sut)
    {
        var events = new List<ProcEvent>();
        long malformed = 0;
        ProcConnectorParser.Parse(File.ReadAllBytes(Fixtures.Path("ProcessCreate", "proc-connector.bin")), events, ref malformed);
        return [.. events.Select(e => sut.Apply(e)).OfType<PayloadItem>()];
    }

    [Test]
    public void Apply_RecordedStream_CreatesFromProcAndTerminatesWithStatus()
    {
        var items = Replay(CreateSut());
        var create = items.OfType<ProcessCreatePayload>().Single(i => i.ProcessId == 26670);
        Assert.That(create, Is.EqualTo(new ProcessCreatePayload
        {
            Executable = "/usr/bin/dash",
            ProcessId = 26670,
            ParentProcessId = 26619,
            UserId = "1000",
            UserName = "operator",
            CommandLine = "/bin/sh -c /bin/true; exit 3",
        }));
        var exit = items.OfType<ProcessTerminatePayload>().Single(i => i.ProcessId == 26670);
        Assert.That(exit.ExitStatus, Is.EqualTo(3));
        Assert.That(exit.Executable, Is.EqualTo("/usr/bin/dash"));
    }

    [Test]
    public void Apply_ProcessGoneBeforeRead_IsReportedIncompleteWithItsParent()
    {
        var sut = CreateSut();
        var items = Replay(sut);
        var create = items.OfType<ProcessCreatePayload>().Single(i => i.ProcessId == 26671);
        Assert.That(create.Executable, Is.EqualTo(ProcessTracker.UnknownExecutable));
        Assert.That(create.ParentProcessId, Is.EqualTo(26670));
        Assert.That(create.ExtraDetails, Contains.Key("Incomplete"));
        Assert.That(sut.Incomplete, Is.EqualTo(1));
        Assert.That(items.OfType<ProcessTerminatePayload>().Single(i => i.ProcessId == 26671).ExitStatus, Is.Zero);
    }

    [Test]
    public void Apply_ThreadEvents_AreIgnored()
    {
        var sut = CreateSut();
        Assert.That(sut.Apply(new ProcEvent(ProcEventKind.Exit, 5001, 5000, 1, 0)), Is.Null);
        Assert.That(sut.Apply(new ProcEvent(ProcEventKind.Fork, 5002, 5000, 1, 0)), Is.Null);
    }

    [TestCase(0u, 0L)]
    [TestCase(0x300u, 3L)]
    [TestCase(9u, 137L)]
    [TestCase(0x8Bu, 139L)]
    public void ExitStatusOf_WaitStatus_FollowsShellConvention(uint status, long expected) =>
        Assert.That(ProcessTracker.ExitStatusOf(status), Is.EqualTo(expected));
}
