using System.Collections;
using System.Reflection;
using System.Reflection.Emit;
using SecurityAgent.Collectors.Linux.ProcessCreate;
using SecurityAgent.Core.Events;
using static SecurityAgent.Conformance.Tests.Collectors.CollectorInternals;

namespace SecurityAgent.Conformance.Tests.Collectors;

/// <summary>
/// The C# agent's exec join, as ProcessCreateCollector runs it when audit is available: audit
/// records (AuditRecordParser.TryParseLogLine, the log-line form of what the hub receives) grouped
/// by AuditEventAssembler and read by AuditExecParser into ExecJoiner.OnAudit; proc connector
/// datagrams read by ProcConnectorParser into ExecJoiner.OnProcEvent, then Expire; Flush at the
/// end. The joiner runs over a ProcessTracker (seeded) on a ProcFileSystem and UserDirectory at a
/// root, on the given clock. Those types are internal to SecurityAgent.Collectors.Linux, so they
/// are reached by reflection; their code runs unchanged.
/// </summary>
internal sealed class ManagedExecJoin
{
    private static readonly Type EventType = Type("ProcessCreate.ProcEvent");
    private static readonly Type TimedItemType = Type("ProcessCreate.TimedItem");
    private static readonly Type ProcEventListType = typeof(List<>).MakeGenericType(EventType);
    private static readonly Type OutputType = typeof(List<>).MakeGenericType(TimedItemType);
    private static readonly MethodInfo ParseExec = StaticMethod("ProcessCreate.AuditExecParser", "Parse");
    private readonly object _joiner;
    private readonly IList _output = (IList)Activator.CreateInstance(OutputType)!;

    public ManagedExecJoin(string root, TimeProvider time, TimeSpan wait)
    {
        var tracker = Create("ProcessCreate.ProcessTracker", Create("Proc.ProcFileSystem", root), Create("Proc.UserDirectory", root));
        tracker.GetType().GetMethod("Seed", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.Invoke(tracker, null);
        _joiner = Create("ProcessCreate.ExecJoiner", tracker, time, wait, 4096);
    }

    /// <summary>Lines, datagram messages and exec events counted as malformed so far.</summary>
    public long Malformed { get; private set; }

    /// <summary>One recorded audit stream (open events completed at its end): its execs joined.</summary>
    public void FeedAuditLog(byte[] log)
    {
        var events = AssembleAuditLog(log, out var unread);
        Malformed += unread;
        var onAudit = _joiner.GetType().GetMethod("OnAudit")!;
        foreach (var e in events)
        {
            object?[] arguments = [e, 0L];
            var exec = ParseExec.Invoke(null, arguments);
            Malformed += (long)arguments[1]!;
            if (exec is not null)
            {
                onAudit.Invoke(_joiner, [exec, _output]);
            }
        }
    }

    /// <summary>Proc connector datagrams: each event applied, then what waited too long expired.</summary>
    public void FeedDatagrams(byte[] datagrams)
    {
        var events = (IList)Activator.CreateInstance(ProcEventListType)!;
        long malformed = 0;
        _ = ManagedProcConnector.Parse(datagrams, events, ref malformed);
        Malformed += malformed;
        var onProcEvent = _joiner.GetType().GetMethod("OnProcEvent")!;
        foreach (var e in events)
        {
            onProcEvent.Invoke(_joiner, [e, _output]);
        }
        _joiner.GetType().GetMethod("Expire")!.Invoke(_joiner, [_output]);
    }

    /// <summary>Flushes the joiner (as at shutdown) and returns every item with its time, in order.</summary>
    public List<(DateTimeOffset Time, PayloadItem Item)> Finish()
    {
        _joiner.GetType().GetMethod("Flush")!.Invoke(_joiner, [_output]);
        var time = TimedItemType.GetProperty("Time")!;
        var item = TimedItemType.GetProperty("Item")!;
        return _output.Cast<object>().Select(o => ((DateTimeOffset)time.GetValue(o)!, (PayloadItem)item.GetValue(o)!)).ToList();
    }

}
