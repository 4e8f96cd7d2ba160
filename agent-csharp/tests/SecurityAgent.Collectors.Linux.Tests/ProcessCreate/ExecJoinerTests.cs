using Microsoft.Extensions.Time.Testing;
using SecurityAgent.Collectors.Linux.Proc;
using SecurityAgent.Collectors.Linux.ProcessCreate;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.ProcessCreate;

/// <summary>The recorded exec-join streams replayed in both orders, with time only from a fake clock.</summary>
public sealed class ExecJoinerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));

    private (ExecJoiner Joiner, ProcessTracker Tracker) CreateSut(int capacity = ExecJoiner.DefaultCapacity)
    {
        // The fixture root has no /proc entries for the recorded pids: they are gone, as in a storm.
        var root = Fixtures.Path("ProcessCreate", "root");
        var tracker = new ProcessTracker(new ProcFileSystem(root), new UserDirectory(root));
        return (new ExecJoiner(tracker, _time, Wait, capacity), tracker);
    }

    private static void FeedProc(ExecJoiner sut, List<TimedItem> output)
    {
        foreach (var e in ExecJoinFixture.ProcEvents())
        {
            sut.OnProcEvent(e, output);
        }
    }

    private static void FeedAudit(ExecJoiner sut, List<TimedItem> output)
    {
        foreach (var exec in ExecJoinFixture.AuditExecs())
        {
            sut.OnAudit(exec, output);
        }
    }

    private static void AssertJoined(List<TimedItem> output)
    {
        var items = output.Select(o => o.Item).ToList();
        var shell = items.OfType<ProcessCreatePayload>().Single(c => c.ProcessId == ExecJoinFixture.Shell);
        Assert.That(shell, Is.EqualTo(new ProcessCreatePayload
        {
            Executable = "/usr/bin/dash",
            ProcessId = ExecJoinFixture.Shell,
            ParentProcessId = ExecJoinFixture.Recorder,
            UserId = "0",
            UserName = "root",
            CommandLine = "/bin/sh -c /bin/echo \"two words\" 10 >/dev/null; exit 3",
        }));
        var echo = items.OfType<ProcessCreatePayload>().Single(c => c.ProcessId == ExecJoinFixture.Echo);
        Assert.That((echo.Executable, echo.CommandLine, echo.ParentProcessId, echo.ExtraDetails), Is.EqualTo(("/usr/bin/echo", "/bin/echo two words 10", ExecJoinFixture.Shell, (IReadOnlyDictionary<string, string>?)null)));
        var exits = items.OfType<ProcessTerminatePayload>().ToDictionary(t => t.ProcessId);
        Assert.That((exits[ExecJoinFixture.Echo].Executable, exits[ExecJoinFixture.Echo].ExitStatus), Is.EqualTo(("/usr/bin/echo", 0L)));
        Assert.That((exits[ExecJoinFixture.Shell].Executable, exits[ExecJoinFixture.Shell].ExitStatus), Is.EqualTo(("/usr/bin/dash", 3L)));
        foreach (var pid in new[] { ExecJoinFixture.Shell, ExecJoinFixture.Echo })
        {
            Assert.That(items.FindIndex(i => i is ProcessCreatePayload c && c.ProcessId == pid),
                Is.LessThan(items.FindIndex(i => i is ProcessTerminatePayload t && t.ProcessId == pid)), $"create before terminate of {pid}");
        }
    }

    [Test]
    public void OnAudit_AfterProcConnectorExecs_JoinsEveryExecAndHoldsExitsUntilTheirCreate()
    {
        var (sut, tracker) = CreateSut();
        var output = new List<TimedItem>();
        FeedProc(sut, output);
        Assert.That(output, Is.Empty, "every exec waits for its audit records, and the exits for their creates");
        Assert.That(sut.PendingExecs, Is.EqualTo(2));
        FeedAudit(sut, output);
        AssertJoined(output);
        Assert.That((sut.Joined, sut.Unjoined, sut.Unmatched, tracker.Incomplete, sut.PendingExecs), Is.EqualTo((2L, 0L, 0L, 0L, 0)));
    }

    [Test]
    public void OnProcEvent_AfterAuditExecs_JoinsEveryExecAtOnce()
    {
        var (sut, _) = CreateSut();
        var output = new List<TimedItem>();
        FeedAudit(sut, output);
        Assert.That(sut.PendingAudits, Is.EqualTo(2));
        FeedProc(sut, output);
        AssertJoined(output);
        Assert.That((sut.Joined, sut.PendingAudits, sut.PendingExecs), Is.EqualTo((2L, 0, 0)));
    }

    [Test]
    public void OnProcEvent_JoinedCreate_CarriesTheTimeTheExecWasReceived()
    {
        var (sut, _) = CreateSut();
        var output = new List<TimedItem>();
        var received = _time.GetUtcNow();
        FeedProc(sut, output);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        FeedAudit(sut, output);
        Assert.That(output.Where(o => o.Item is ProcessCreatePayload).Select(o => o.Time), Is.All.EqualTo(received));
    }

    [Test]
    public void Expire_NoAuditWithinTheWait_SendsFromProcMarkedIncompleteAndCounts()
    {
        var (sut, tracker) = CreateSut();
        var output = new List<TimedItem>();
        FeedProc(sut, output);
        _time.Advance(Wait - TimeSpan.FromMilliseconds(1));
        sut.Expire(output);
        Assert.That(output, Is.Empty);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        sut.Expire(output);
        var creates = output.Select(o => o.Item).OfType<ProcessCreatePayload>().ToList();
        Assert.That(creates.Select(c => c.ProcessId), Is.EquivalentTo(new[] { ExecJoinFixture.Shell, ExecJoinFixture.Echo }));
        Assert.That(creates, Has.All.Matches<ProcessCreatePayload>(c => c!.Executable == ProcessTracker.UnknownExecutable && c.ExtraDetails!.ContainsKey("Incomplete")));
        Assert.That(creates.Single(c => c.ProcessId == ExecJoinFixture.Echo).ParentProcessId, Is.EqualTo(ExecJoinFixture.Shell));
        Assert.That(output.Select(o => o.Item).OfType<ProcessTerminatePayload>().Count(), Is.EqualTo(2));
        Assert.That((sut.Unjoined, tracker.Incomplete, sut.PendingExecs), Is.EqualTo((2L, 2L, 0)));
    }

    [Test]
    public void Expire_NoAuditAtAll_StopsWaitingUntilAuditFlowsAgain()
    {
        var (sut, _) = CreateSut();
        var output = new List<TimedItem>();
        FeedProc(sut, output);
        _time.Advance(Wait);
        sut.Expire(output);
        Assert.That(sut.AuditFlowing, Is.False);
        output.Clear();
        sut.OnProcEvent(new ProcEvent(ProcEventKind.Exec, 26670, 26670, 0, 0), output);
        Assert.That(output.Select(o => o.Item).OfType<ProcessCreatePayload>().Single().Executable, Is.EqualTo("/usr/bin/dash"), "read from /proc at once");
        sut.OnAudit(ExecJoinFixture.AuditExecs()[0], output);
        Assert.That(sut.AuditFlowing, Is.True);
    }

    [Test]
    public void OnProcEvent_MoreExecsWaitingThanTheCapacity_SendsTheOldestFromProc()
    {
        var (sut, _) = CreateSut(capacity: 1);
        var output = new List<TimedItem>();
        FeedProc(sut, output);
        Assert.That(sut.PendingExecs, Is.EqualTo(1));
        Assert.That(sut.Unjoined, Is.EqualTo(1));
        Assert.That(output.Select(o => o.Item).OfType<ProcessCreatePayload>().Single().ProcessId, Is.EqualTo(ExecJoinFixture.Shell));
        FeedAudit(sut, output);
        Assert.That(output.Select(o => o.Item).OfType<ProcessCreatePayload>().Single(c => c.ProcessId == ExecJoinFixture.Echo).Executable, Is.EqualTo("/usr/bin/echo"));
        Assert.That((sut.Joined, sut.PendingAudits), Is.EqualTo((1L, 1)), "the shell's audit exec came after it was sent: it waits");
        _time.Advance(Wait);
        sut.Expire(output);
        Assert.That((sut.Unmatched, sut.PendingAudits), Is.EqualTo((1L, 0)));
    }

    [Test]
    public void Expire_AuditExecWithoutProcConnectorExec_IsDroppedAndCounted()
    {
        var (sut, _) = CreateSut();
        var output = new List<TimedItem>();
        FeedAudit(sut, output);
        _time.Advance(Wait);
        sut.Expire(output);
        Assert.That(output, Is.Empty);
        Assert.That((sut.Unmatched, sut.PendingAudits), Is.EqualTo((2L, 0)));
    }

    [Test]
    public void OnAudit_TwoExecsOfOnePid_AreMatchedFirstToFirst()
    {
        var (sut, _) = CreateSut();
        var output = new List<TimedItem>();
        sut.OnProcEvent(new ProcEvent(ProcEventKind.Exec, 500, 500, 0, 0), output);
        sut.OnProcEvent(new ProcEvent(ProcEventKind.Exec, 500, 500, 0, 0), output);
        sut.OnAudit(new AuditExec(500, 1, 0, "/bin/sh", "sh -c exec env"), output);
        sut.OnAudit(new AuditExec(500, 1, 0, "/usr/bin/env", "env"), output);
        Assert.That(output.Select(o => ((ProcessCreatePayload)o.Item).Executable), Is.EqualTo(new[] { "/bin/sh", "/usr/bin/env" }));
    }

    [Test]
    public void Flush_WaitingExecs_AreSentFromProc()
    {
        var (sut, _) = CreateSut();
        var output = new List<TimedItem>();
        FeedProc(sut, output);
        sut.Flush(output);
        Assert.That(output.Select(o => o.Item).OfType<ProcessCreatePayload>().Count(), Is.EqualTo(2));
        Assert.That((sut.Unjoined, sut.PendingExecs), Is.EqualTo((2L, 0)));
    }
}
