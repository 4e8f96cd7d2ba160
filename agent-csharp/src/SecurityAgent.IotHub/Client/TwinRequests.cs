using System.Collections.Concurrent;
using System.Globalization;

namespace SecurityAgent.IotHub.Client;

/// <summary>Correlates twin requests with their responses by <c>$rid</c>.</summary>
internal sealed class TwinRequests
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TwinResponse>> _pending = new(StringComparer.Ordinal);
    private readonly string _prefix = Guid.NewGuid().ToString("N")[..8];
    private long _next;

    public (string Rid, Task<TwinResponse> Response) Begin()
    {
        var rid = _prefix + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        var source = new TaskCompletionSource<TwinResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[rid] = source;
        return (rid, source.Task);
    }

    public void Complete(string rid, TwinResponse response)
    {
        if (_pending.TryRemove(rid, out var source))
        {
            source.TrySetResult(response);
        }
    }

    public void Abandon(string rid) => _pending.TryRemove(rid, out _);

    /// <summary>Fails every pending request: a <c>$rid</c> from a lost connection is never answered.</summary>
    public void FailAll(Exception error)
    {
        foreach (var rid in _pending.Keys)
        {
            if (_pending.TryRemove(rid, out var source))
            {
                source.TrySetException(error);
            }
        }
    }
}
