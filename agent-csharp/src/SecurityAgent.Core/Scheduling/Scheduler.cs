using SecurityAgent.Core.Configuration;

namespace SecurityAgent.Core.Scheduling;

/// <summary>
/// Keeps core time and decides what a tick does (docs/core-rules.md §6): each schedule is due when
/// <c>now &gt;= last + frequency</c>; the snapshot is due at the first tick.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class Scheduler(DateTimeOffset start)
{
    private DateTimeOffset? _lastSnapshot;

    public DateTimeOffset Start { get; } = start;

    /// <summary>Core time: the latest tick's now, never going backwards.</summary>
    public DateTimeOffset Now { get; private set; } = start;

    public DateTimeOffset LastHeartbeat { get; private set; } = start;

    public DateTimeOffset LastHigh { get; private set; } = start;

    public DateTimeOffset LastLow { get; private set; } = start;

    public void Advance(DateTimeOffset now)
    {
        if (now > Now)
        {
            Now = now;
        }
    }

    public bool TakeSnapshot(AgentConfiguration c) => Take(ref _lastSnapshot, c.SnapshotFrequency);

    public bool TakeHeartbeat(AgentConfiguration c)
    {
        DateTimeOffset? last = LastHeartbeat;
        var due = Take(ref last, c.HeartbeatFrequency);
        LastHeartbeat = last!.Value;
        return due;
    }

    public bool TakeHighSend(AgentConfiguration c)
    {
        DateTimeOffset? last = LastHigh;
        var due = Take(ref last, c.HighPriorityMessageFrequency);
        LastHigh = last!.Value;
        return due;
    }

    public bool TakeLowSend(AgentConfiguration c)
    {
        DateTimeOffset? last = LastLow;
        var due = Take(ref last, c.LowPriorityMessageFrequency);
        LastLow = last!.Value;
        return due;
    }

    private bool Take(ref DateTimeOffset? last, TimeSpan frequency)
    {
        if (last is { } l && Now < l + frequency)
        {
            return false;
        }

        last = Now;
        return true;
    }
}
