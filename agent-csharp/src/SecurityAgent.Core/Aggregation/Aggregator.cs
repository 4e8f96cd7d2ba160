using System.Globalization;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Aggregation;

/// <summary>
/// Merges raw events of one aggregatable name by identity key and emits one Aggregated event per
/// key when flushed (docs/core-rules.md §3). A repeated event costs a hash lookup and no allocation.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class Aggregator
{
    private readonly Dictionary<PayloadItem, AggregationEntry> _entries;
    private readonly List<AggregationEntry> _order = [];

    public Aggregator(EventName name, DateTimeOffset windowStart)
    {
        Name = name;
        WindowStart = windowStart;
        _entries = new Dictionary<PayloadItem, AggregationEntry>(IdentityComparers.For(name));
    }

    public EventName Name { get; }

    /// <summary>The start of the running window: the start time or the last flush.</summary>
    public DateTimeOffset WindowStart { get; private set; }

    /// <summary>Distinct keys pending.</summary>
    public int Count => _order.Count;

    /// <summary>Raw events pending.</summary>
    public long PendingHits { get; private set; }

    /// <summary>Adds a raw item; returns false, adding nothing, when its key is new and <paramref name="maxKeys"/> are held.</summary>
    public bool TryAdd(PayloadItem item, int maxKeys)
    {
        if (_entries.TryGetValue(item, out var entry))
        {
            entry.Hits++;
            PendingHits++;
            return true;
        }

        if (_order.Count >= maxKeys)
        {
            return false;
        }

        entry = new AggregationEntry(item);
        _entries.Add(item, entry);
        _order.Add(entry);
        PendingHits++;
        return true;
    }

    /// <summary>Starts a new window at <paramref name="start"/> (aggregation switched back on); nothing may be pending.</summary>
    public void RestartWindow(DateTimeOffset start) => WindowStart = start;

    /// <summary>Emits every pending key as an Aggregated event, in first-seen order, and starts a new window at <paramref name="end"/>.</summary>
    public List<AggregatedEvent> Flush(DateTimeOffset end, TimeSpan utcOffset)
    {
        var result = new List<AggregatedEvent>(_order.Count);
        if (_order.Count > 0)
        {
            var startUtc = Timestamps.FormatUtc(WindowStart);
            var startLocal = Timestamps.FormatLocal(WindowStart, utcOffset);
            var endUtc = Timestamps.FormatUtc(end);
            var endLocal = Timestamps.FormatLocal(end, utcOffset);
            foreach (var entry in _order)
            {
                var details = new Dictionary<string, string>(StringComparer.Ordinal);
                if (entry.First.ExtraDetails is { } raw)
                {
                    foreach (var pair in raw)
                    {
                        details[pair.Key] = pair.Value;
                    }
                }

                details["HitCount"] = entry.Hits.ToString(CultureInfo.InvariantCulture);
                details["StartTimeUtc"] = startUtc;
                details["StartTimeLocal"] = startLocal;
                details["EndTimeUtc"] = endUtc;
                details["EndTimeLocal"] = endLocal;
                var item = Zeroed(entry.First, details);
                result.Add(new AggregatedEvent(SecurityEvent.CreateTrusted(Name, EventCategory.Aggregated, end, [item]), entry.Hits));
            }
        }

        _entries.Clear();
        _order.Clear();
        PendingHits = 0;
        WindowStart = end;
        return result;
    }

    private static PayloadItem Zeroed(PayloadItem first, Dictionary<string, string> details) => first switch
    {
        ProcessCreatePayload p => p with { ProcessId = 0, ParentProcessId = 0, ExtraDetails = details },
        ConnectionCreatePayload c => c with
        {
            ProcessId = 0,
            RemotePort = c.Direction == ConnectionDirection.In ? "*" : c.RemotePort,
            LocalPort = c.Direction == ConnectionDirection.Out ? "*" : c.LocalPort,
            ExtraDetails = details,
        },
        ProcessTerminatePayload t => t with { ProcessId = 0, ExtraDetails = details },
        _ => throw new InvalidOperationException("Not an aggregatable item."),
    };
}
