using System.Collections.Concurrent;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Pipeline;

/// <summary>Raw events collected, by event name, for the status display.</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class EventCounters
{
    private readonly ConcurrentDictionary<EventName, long> _counts = new();

    public void Add(EventName name) => _counts.AddOrUpdate(name, 1, (_, count) => count + 1);

    /// <summary>The counts so far, by name in alphabetical order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
        [.. _counts.Select(p => KeyValuePair.Create(p.Key.ToString(), p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal)];

    public long Total => _counts.Values.Sum();
}
