using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>
/// Joins proc connector execs to the audit records of the same execs, so that a process gone
/// before /proc could be read still gets its executable, command line, uid and parent, and so
/// that /proc is not read at all for execs the audit records describe.
/// </summary>
/// <remarks>
/// <para>
/// An exec waits, keyed by pid, for its audit exec (they come over two sockets, in either order;
/// the execs of one pid are matched first to first). What has waited longer than the wait limit,
/// or is the oldest when more than the capacity wait, is sent from /proc instead (Executable
/// [unknown] and ExtraDetails.Incomplete when the process is gone) and counted in
/// <see cref="Unjoined"/>; an exit of a waiting process is held and sent after its create. An
/// audit exec without proc connector exec within the limit is dropped and counted in
/// <see cref="Unmatched"/>.
/// </para>
/// <para>
/// When an exec waited out the limit and no audit exec at all arrived meanwhile, audit is taken
/// as not flowing (its rule removed, audit disabled by someone else): execs are then read from
/// /proc at once, as without audit, until an audit exec arrives again.
/// </para>
/// <para>Not thread-safe: one thread feeds it. Time comes only from the given <see cref="TimeProvider"/>.</para>
/// </remarks>
internal sealed class ExecJoiner
{
    /// <summary>The default most execs (and, apart, audit execs) waiting at once.</summary>
    public const int DefaultCapacity = 4096;

    private readonly ProcessTracker _tracker;
    private readonly TimeProvider _time;
    private readonly TimeSpan _wait;
    private readonly int _capacity;
    private readonly Dictionary<uint, PendingExec> _execs = [];
    private readonly Queue<PendingExec> _execOrder = new();
    private readonly Dictionary<uint, PendingAudit> _audits = [];
    private readonly Queue<PendingAudit> _auditOrder = new();
    private long _auditsSeen;

    /// <summary>Creates a joiner over <paramref name="tracker"/>.</summary>
    public ExecJoiner(ProcessTracker tracker, TimeProvider time, TimeSpan wait, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _tracker = tracker;
        _time = time;
        _wait = wait;
        _capacity = capacity;
    }

    /// <summary>Execs sent with what their audit records say.</summary>
    public long Joined { get; private set; }

    /// <summary>Execs sent from /proc because no audit exec came in time (or too many waited).</summary>
    public long Unjoined { get; private set; }

    /// <summary>Audit execs dropped because no proc connector exec came for them in time.</summary>
    public long Unmatched { get; private set; }

    /// <summary>Execs waiting now.</summary>
    public int PendingExecs { get; private set; }

    /// <summary>Audit execs waiting now.</summary>
    public int PendingAudits { get; private set; }

    /// <summary>Whether execs wait for audit (false after audit stopped flowing, until it flows again).</summary>
    public bool AuditFlowing { get; private set; } = true;

    /// <summary>Applies one proc connector event; appends what it lets be sent.</summary>
    public void OnProcEvent(in ProcEvent e, List<TimedItem> output)
    {
        if (!e.IsProcess)
        {
            return;
        }
        var now = _time.GetUtcNow();
        var pid = e.ThreadGroupId;
        switch (e.Kind)
        {
            case ProcEventKind.Exec:
                if (TakeAudit(pid) is { } audit)
                {
                    Joined++;
                    output.Add(new TimedItem(now, _tracker.CreateFromAudit(audit.Exec)));
                }
                else if (!AuditFlowing)
                {
                    output.Add(new TimedItem(now, _tracker.CreateFromProc(pid)));
                }
                else
                {
                    AddExec(new PendingExec(pid, now, _auditsSeen), output);
                }
                return;
            case ProcEventKind.Exit when _execs.TryGetValue(pid, out var waiting):
                while (waiting.Next is not null)
                {
                    waiting = waiting.Next;
                }
                if (waiting.ExitStatus is null)
                {
                    waiting.ExitStatus = e.ExitCode;
                    waiting.ExitedAt = now;
                    return;
                }
                output.Add(new TimedItem(now, _tracker.Terminate(pid, e.ExitCode)));
                return;
            default:
                if (_tracker.Apply(e) is { } item)
                {
                    output.Add(new TimedItem(now, item));
                }
                return;
        }
    }

    /// <summary>Applies one audit exec; appends what it lets be sent.</summary>
    public void OnAudit(AuditExec exec, List<TimedItem> output)
    {
        _auditsSeen++;
        AuditFlowing = true;
        if (_execs.TryGetValue(exec.ProcessId, out var waiting))
        {
            Joined++;
            Send(Take(waiting), output, exec);
            return;
        }
        var pending = new PendingAudit(exec, _time.GetUtcNow());
        if (_audits.TryGetValue(exec.ProcessId, out var first))
        {
            while (first.Next is not null)
            {
                first = first.Next;
            }
            first.Next = pending;
        }
        else
        {
            _audits[exec.ProcessId] = pending;
        }
        _auditOrder.Enqueue(pending);
        PendingAudits++;
        while (PendingAudits > _capacity && _auditOrder.TryDequeue(out var oldest))
        {
            if (!oldest.Done)
            {
                DropAudit(oldest);
            }
        }
    }

    /// <summary>Sends what waited longer than the limit.</summary>
    public void Expire(List<TimedItem> output)
    {
        var now = _time.GetUtcNow();
        while (_execOrder.TryPeek(out var oldest) && (oldest.Done || now - oldest.ReceivedAt >= _wait))
        {
            _execOrder.Dequeue();
            if (!oldest.Done)
            {
                if (oldest.AuditsSeen == _auditsSeen)
                {
                    AuditFlowing = false;
                }
                Unjoined++;
                Send(Take(oldest), output, null);
            }
        }
        while (_auditOrder.TryPeek(out var oldest) && (oldest.Done || now - oldest.ReceivedAt >= _wait))
        {
            _auditOrder.Dequeue();
            if (!oldest.Done)
            {
                DropAudit(oldest);
            }
        }
    }

    /// <summary>Sends every waiting exec from /proc and drops waiting audit execs (at shutdown).</summary>
    public void Flush(List<TimedItem> output)
    {
        while (_execOrder.TryDequeue(out var oldest))
        {
            if (!oldest.Done)
            {
                Unjoined++;
                Send(Take(oldest), output, null);
            }
        }
        while (_auditOrder.TryDequeue(out var oldest))
        {
            if (!oldest.Done)
            {
                DropAudit(oldest);
            }
        }
    }

    private void AddExec(PendingExec pending, List<TimedItem> output)
    {
        if (_execs.TryGetValue(pending.ProcessId, out var first))
        {
            while (first.Next is not null)
            {
                first = first.Next;
            }
            first.Next = pending;
        }
        else
        {
            _execs[pending.ProcessId] = pending;
        }
        _execOrder.Enqueue(pending);
        PendingExecs++;
        while (PendingExecs > _capacity && _execOrder.TryDequeue(out var oldest))
        {
            if (!oldest.Done)
            {
                Unjoined++;
                Send(Take(oldest), output, null);
            }
        }
    }

    /// <summary>Removes the first waiting exec of its pid (every exec is taken first to first).</summary>
    private PendingExec Take(PendingExec pending)
    {
        var first = _execs[pending.ProcessId];
        if (first.Next is null)
        {
            _execs.Remove(pending.ProcessId);
        }
        else
        {
            _execs[pending.ProcessId] = first.Next;
        }
        first.Done = true;
        PendingExecs--;
        return first;
    }

    private PendingAudit? TakeAudit(uint pid)
    {
        if (!_audits.TryGetValue(pid, out var first))
        {
            return null;
        }
        if (first.Next is null)
        {
            _audits.Remove(pid);
        }
        else
        {
            _audits[pid] = first.Next;
        }
        first.Done = true;
        PendingAudits--;
        return first;
    }

    private void DropAudit(PendingAudit pending)
    {
        _ = TakeAudit(pending.Exec.ProcessId);
        Unmatched++;
    }

    private void Send(PendingExec exec, List<TimedItem> output, AuditExec? audit)
    {
        PayloadItem create = audit is null ? _tracker.CreateFromProc(exec.ProcessId, gone: exec.ExitStatus is not null) : _tracker.CreateFromAudit(audit);
        output.Add(new TimedItem(exec.ReceivedAt, create));
        if (exec.ExitStatus is { } status)
        {
            output.Add(new TimedItem(exec.ExitedAt, _tracker.Terminate(exec.ProcessId, status)));
        }
    }
}
