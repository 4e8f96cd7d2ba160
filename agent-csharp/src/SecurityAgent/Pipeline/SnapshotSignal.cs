namespace SecurityAgent.Pipeline;

/// <summary>
/// Tells snapshot collectors that a snapshot is due. Each pulse starts a new generation; a waiter
/// that has not seen the latest generation returns at once, so a collector started after the
/// first pulse still takes the first snapshot.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SnapshotSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = NewSource();
    private long _generation;

    /// <summary>The number of pulses so far.</summary>
    public long Generation
    {
        get
        {
            lock (_gate)
                return _generation;
        }
    }

    /// <summary>Starts a new generation and wakes every waiter.</summary>
    public void Pulse()
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            _generation++;
            released = _next;
            _next = NewSource();
        }
        released.SetResult();
    }

    /// <summary>Waits for a generation newer than <paramref name="seen"/>; returns the generation reached.</summary>
    public async ValueTask<long> WaitNewerThanAsync(long seen, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_generation > seen)
                    return _generation;
                next = _next.Task;
            }
            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
