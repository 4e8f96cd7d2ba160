using System.Diagnostics;
using SecurityAgent.Collectors.Linux.ProcessCreate;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.ProcessCreate;

/// <summary>The real proc connector on this machine (tests run as root).</summary>
[NonParallelizable]
public sealed class ProcessCreateCollectorLiveTests
{
    private static ProcessCreateCollector? _last;

    private static async Task<(TestCollectorContext Context, CancellationTokenSource Stop, Task Run)> StartAsync(ProcessSource source, bool audit = true, SecurityAgent.Collectors.Linux.Audit.AuditHub? hub = null)
    {
        var context = new TestCollectorContext();
        var stop = new CancellationTokenSource();
        var sut = new ProcessCreateCollector(new ProcessCreateOptions { Source = source, PollingInterval = TimeSpan.FromMilliseconds(100), Audit = audit }, hub);
        _last = sut;
        var run = sut.RunAsync(context, stop.Token);
        Assert.That(await TestCollectorContext.EventuallyAsync(() => context.Reports.Count > 0), Is.True);
        await Task.Delay(200);
        return (context, stop, run);
    }

    private static int RunToExit(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    [Test]
    public async Task RunAsync_ProcConnector_SeesExecWithCommandLineAndExitStatus()
    {
        var (context, stop, run) = await StartAsync(ProcessSource.ProcConnector);
        Assert.That(context.Reports[0].Message, Does.Contain("proc connector"));
        var pid = (uint)RunToExit("/bin/sh", "-c", "sleep 0.2; exit 7");
        Assert.That(await TestCollectorContext.EventuallyAsync(() =>
            context.Items<ProcessTerminatePayload>().Any(t => t.ProcessId == pid)), Is.True);
        await stop.CancelAsync();
        await run;
        var create = context.Items<ProcessCreatePayload>().Single(c => c.ProcessId == pid);
        Assert.That(create.CommandLine, Is.EqualTo("/bin/sh -c sleep 0.2; exit 7"));
        Assert.That(create.Executable, Does.EndWith("sh"));
        Assert.That(create.ParentProcessId, Is.EqualTo((uint)Environment.ProcessId));
        Assert.That(create.UserId, Is.EqualTo("0"));
        Assert.That(create.UserName, Is.EqualTo("root"));
        var exit = context.Items<ProcessTerminatePayload>().Single(t => t.ProcessId == pid);
        Assert.That(exit.ExitStatus, Is.EqualTo(7));
        Assert.That(context.Items<ProcessCreatePayload>().Any(c => c.Executable.EndsWith("/sleep", StringComparison.Ordinal) && c.ParentProcessId == pid), Is.True);
    }

    [Test]
    public async Task RunAsync_ProcessExitingWithinAMillisecond_IsStillCreatedAndTerminated()
    {
        var (context, stop, run) = await StartAsync(ProcessSource.ProcConnector);
        var pid = (uint)RunToExit("/bin/true");
        Assert.That(await TestCollectorContext.EventuallyAsync(() =>
            context.Items<ProcessTerminatePayload>().Any(t => t.ProcessId == pid)), Is.True);
        await stop.CancelAsync();
        await run;
        Assert.That(context.Items<ProcessCreatePayload>().Count(c => c.ProcessId == pid), Is.EqualTo(1));
        Assert.That(context.Items<ProcessTerminatePayload>().Single(t => t.ProcessId == pid).ExitStatus, Is.Zero);
    }

    [Test]
    public async Task RunAsync_AuditAvailable_ProcessExitingWithinAMillisecondGetsItsExecutableAndCommandLine()
    {
        var hub = new SecurityAgent.Collectors.Linux.Audit.AuditHub();
        var (context, stop, run) = await StartAsync(ProcessSource.ProcConnector, hub: hub);
        uint pid;
        try
        {
            Assert.That(await TestCollectorContext.EventuallyAsync(() => context.Reports.Any(r => r.Message.Contains("audit", StringComparison.Ordinal))), Is.True);
            Assert.That(context.Reports.Select(r => r.Message), Has.Some.Contains("joined to audit EXECVE records"), "audit is available to root here");
            Assert.That(hub.RecordFilterLength, Is.EqualTo(8 + 3), "the kernel lets only EOE, SYSCALL and EXECVE into the hub's socket");
            pid = (uint)RunToExit("/bin/true", "two words", "10");
            Assert.That(await TestCollectorContext.EventuallyAsync(() =>
                context.Items<ProcessTerminatePayload>().Any(t => t.ProcessId == pid)), Is.True);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
        var create = context.Items<ProcessCreatePayload>().Single(c => c.ProcessId == pid);
        Assert.That(create.Executable, Does.EndWith("/true"));
        Assert.That(create.CommandLine, Is.EqualTo("/bin/true two words 10"));
        Assert.That(create.ParentProcessId, Is.EqualTo((uint)Environment.ProcessId));
        Assert.That((create.UserId, create.UserName), Is.EqualTo(("0", "root")));
        Assert.That(create.ExtraDetails, Is.Null);
        Assert.That(_last!.Joined, Is.GreaterThanOrEqualTo(1), "named from the audit records, not /proc");
        Assert.That((hub.Malformed, _last.Malformed), Is.EqualTo((0L, 0L)), "records no subscriber reads (CWD, PATH) are skipped whole");
        Assert.That(context.Items<ProcessTerminatePayload>().Single(t => t.ProcessId == pid).Executable, Is.EqualTo(create.Executable));
        var status = AuditStatus();
        Assert.That(status, Does.Not.Contain($"pid {Environment.ProcessId}\n"), "the hub gave up the audit daemon registration");
    }

    [Test]
    public async Task RunAsync_AuditOff_ReportsNoAuditJoin()
    {
        var (context, stop, run) = await StartAsync(ProcessSource.ProcConnector, audit: false);
        await stop.CancelAsync();
        await run;
        Assert.That(context.Reports.Select(r => r.Message), Has.None.Contains("audit"));
    }

    private static string AuditStatus()
    {
        using var p = Process.Start(new ProcessStartInfo("auditctl", ["-s"]) { UseShellExecute = false, RedirectStandardOutput = true })!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text;
    }

    [Test]
    public async Task RunAsync_Polling_SeesALongerProcessAndReportsTheSource()
    {
        var (context, stop, run) = await StartAsync(ProcessSource.Polling);
        using var p = Process.Start(new ProcessStartInfo("/bin/sleep", ["1.5"]) { UseShellExecute = false })!;
        var pid = (uint)p.Id;
        await p.WaitForExitAsync();
        Assert.That(await TestCollectorContext.EventuallyAsync(() =>
            context.Items<ProcessTerminatePayload>().Any(t => t.ProcessId == pid)), Is.True);
        await stop.CancelAsync();
        await run;
        Assert.That(context.Items<ProcessCreatePayload>().Single(c => c.ProcessId == pid).CommandLine, Is.EqualTo("/bin/sleep 1.5"));
        Assert.That(context.Reports.Select(r => r.Message), Has.Some.Contains("source is /proc"));
    }
}
