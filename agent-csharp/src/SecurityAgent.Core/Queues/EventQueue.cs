using SecurityAgent.Core.Events;
using SecurityAgent.Core.Messages;

namespace SecurityAgent.Core.Queues;

/// <summary>
/// One first-in first-out queue of serialized events, with its counters:
/// <c>CollectedEvents = SentEvents + DroppedEvents + QueuedEvents</c> at all times.
/// </summary>
/// <remarks>Not thread-safe. The byte budget is kept by <see cref="EventQueues"/>, shared by all three queues.</remarks>
internal sealed class EventQueue(QueueName name)
{
    private readonly Queue<SerializedEvent> _events = new();

    public QueueName Name { get; } = name;

    /// <summary>Events offered to this queue, accepted or not (cumulative).</summary>
    public long CollectedEvents { get; private set; }

    /// <summary>Events dropped on arrival or evicted (cumulative).</summary>
    public long DroppedEvents { get; private set; }

    /// <summary>Events taken into messages (cumulative).</summary>
    public long SentEvents { get; private set; }

    /// <summary>Collected events since the last statistics report.</summary>
    public long IntervalCollected { get; private set; }

    /// <summary>Dropped events since the last statistics report.</summary>
    public long IntervalDropped { get; private set; }

    /// <summary>Events waiting.</summary>
    public int Count => _events.Count;

    /// <summary>Bytes waiting.</summary>
    public long Bytes { get; private set; }

    /// <summary>Raw events (hits) waiting.</summary>
    public long QueuedHits { get; private set; }

    public bool TryPeek(out SerializedEvent e) => _events.TryPeek(out e!);

    public void CountCollected()
    {
        CollectedEvents++;
        IntervalCollected++;
    }

    public void CountDropped()
    {
        DroppedEvents++;
        IntervalDropped++;
    }

    public void Enqueue(SerializedEvent e)
    {
        _events.Enqueue(e);
        Bytes += e.Size;
        QueuedHits += e.Hits;
    }

    /// <summary>Removes the head and counts it as sent.</summary>
    public SerializedEvent TakeSent()
    {
        var e = Remove();
        SentEvents++;
        return e;
    }

    /// <summary>Removes the head and counts it as dropped.</summary>
    public SerializedEvent TakeDropped()
    {
        var e = Remove();
        CountDropped();
        return e;
    }

    public void ResetInterval()
    {
        IntervalCollected = 0;
        IntervalDropped = 0;
    }

    private SerializedEvent Remove()
    {
        var e = _events.Dequeue();
        Bytes -= e.Size;
        QueuedHits -= e.Hits;
        return e;
    }
}
