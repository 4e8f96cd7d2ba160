namespace SecurityAgent.Collectors.Linux.Audit;

/// <summary>
/// Groups the records of one kernel audit event by serial and completes it at EOE (or, for a
/// record type without EOE, at once). Bounded: the oldest incomplete event is completed when more
/// than <see cref="MaxPending"/> are open, so a lost EOE does not grow memory.
/// </summary>
/// <remarks>Not thread-safe: one reader feeds it.</remarks>
internal sealed class AuditEventAssembler
{
    /// <summary>The most events kept open at once.</summary>
    public const int MaxPending = 256;

    private readonly Dictionary<ulong, List<AuditRecord>> _open = [];
    private readonly Queue<ulong> _order = new();

    /// <summary>Adds a record; returns the events it completes (usually zero or one).</summary>
    public void Add(AuditRecord record, List<IReadOnlyList<AuditRecord>> completed)
    {
        if (AuditRecordType.IsStandalone(record.Type))
        {
            completed.Add([record]);
            return;
        }
        if (record.Type == AuditRecordType.Eoe)
        {
            if (_open.Remove(record.Serial, out var done))
            {
                completed.Add(done);
            }
            return;
        }
        if (!_open.TryGetValue(record.Serial, out var list))
        {
            _open[record.Serial] = list = [];
            _order.Enqueue(record.Serial);
            while (_open.Count > MaxPending && _order.TryDequeue(out var oldest))
            {
                if (_open.Remove(oldest, out var stale))
                {
                    completed.Add(stale);
                }
            }
        }
        list.Add(record);
        if (_order.Count > MaxPending * 4)
        {
            // Each open serial once: a serial reused after its EOE (a replayed or hostile stream)
            // is queued again while still queued, and kept twice the queue would never shrink.
            var keep = _order.Where(_open.ContainsKey).Distinct().ToArray();
            _order.Clear();
            foreach (var serial in keep)
            {
                _order.Enqueue(serial);
            }
        }
    }

    /// <summary>Completes every open event (at shutdown or end of a recorded stream).</summary>
    public void Flush(List<IReadOnlyList<AuditRecord>> completed)
    {
        while (_order.TryDequeue(out var serial))
        {
            if (_open.Remove(serial, out var list))
            {
                completed.Add(list);
            }
        }
    }
}
