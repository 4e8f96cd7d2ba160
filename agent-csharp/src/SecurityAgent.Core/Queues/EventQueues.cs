using SecurityAgent.Core.Events;
using SecurityAgent.Core.Ids;
using SecurityAgent.Core.Messages;

namespace SecurityAgent.Core.Queues;

/// <summary>
/// The High, Low and Operational queues and their shared byte budget (docs/core-rules.md §4):
/// when an event does not fit, the oldest Low events go first, then High, then Operational, as
/// far as the arriving event's queue allows; an event that cannot fit is dropped. Every drop is counted.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class EventQueues(IEventIdSource ids)
{
    private readonly IEventIdSource _ids = ids;

    public EventQueue High { get; } = new(QueueName.High);

    public EventQueue Low { get; } = new(QueueName.Low);

    public EventQueue Operational { get; } = new(QueueName.Operational);

    /// <summary>The shared budget in bytes.</summary>
    public long Budget { get; set; }

    /// <summary>The bytes queued in all three queues.</summary>
    public long UsedBytes => High.Bytes + Low.Bytes + Operational.Bytes;

    /// <summary>The events queued in all three queues.</summary>
    public int Count => High.Count + Low.Count + Operational.Count;

    public EventQueue Get(QueueName name) => name switch
    {
        QueueName.High => High,
        QueueName.Low => Low,
        _ => Operational,
    };

    /// <summary>Counts one event that was dropped before it could be offered (too big after splitting).</summary>
    public void CountDroppedOnArrival(QueueName name)
    {
        var q = Get(name);
        q.CountCollected();
        q.CountDropped();
    }

    /// <summary>Offers an event; returns whether it was accepted (and given an id).</summary>
    public bool Offer(QueueName name, SerializedEvent e, int maxEventSize)
    {
        var q = Get(name);
        q.CountCollected();
        var size = e.Size;
        if (size > maxEventSize)
        {
            q.CountDropped();
            return false;
        }

        var used = UsedBytes;
        if (used + size > Budget)
        {
            var evictable = Low.Bytes;
            if (name != QueueName.Low)
            {
                evictable += High.Bytes;
            }

            if (name == QueueName.Operational)
            {
                evictable += Operational.Bytes;
            }

            if (used - evictable + size > Budget)
            {
                q.CountDropped();
                return false;
            }

            while (UsedBytes + size > Budget)
            {
                var victim = Low.Count > 0 ? Low : High.Count > 0 && name != QueueName.Low ? High : Operational;
                victim.TakeDropped();
            }
        }

        _ids.WriteNext(e.Bytes.AsSpan(e.IdOffset, EventSerializer.IdLength));
        q.Enqueue(e);
        return true;
    }
}
