using SecurityAgent.Collectors.Linux.Audit;
using SecurityAgent.Collectors.Linux.ProcessCreate;
using SecurityAgent.Collectors.Linux.Tests.Audit;

namespace SecurityAgent.Collectors.Linux.Tests.ProcessCreate;

/// <summary>
/// The recorded exec-join streams: the proc connector datagrams and the audit records of
/// <c>/bin/sh -c '/bin/echo "two words" 10 &gt;/dev/null; exit 3'</c> (shell 14790, echo 14791).
/// </summary>
internal static class ExecJoinFixture
{
    public const uint Shell = 14790;
    public const uint Echo = 14791;
    public const uint Recorder = 14748;

    public static List<ProcEvent> ProcEvents()
    {
        var events = new List<ProcEvent>();
        long malformed = 0;
        ProcConnectorParser.Parse(File.ReadAllBytes(Fixtures.Path("ProcessCreate", "exec-join", "proc-connector.bin")), events, ref malformed);
        Assert.That(malformed, Is.Zero);
        return events;
    }

    public static List<IReadOnlyList<AuditRecord>> AuditEvents()
    {
        var events = AuditLog.Events(Fixtures.Path("ProcessCreate", "exec-join", "audit.log"), out var malformed);
        Assert.That(malformed, Is.Zero);
        return events;
    }

    public static List<AuditExec> AuditExecs()
    {
        long malformed = 0;
        var execs = AuditEvents().Select(e => AuditExecParser.Parse(e, ref malformed)).OfType<AuditExec>().ToList();
        Assert.That(malformed, Is.Zero);
        return execs;
    }
}
