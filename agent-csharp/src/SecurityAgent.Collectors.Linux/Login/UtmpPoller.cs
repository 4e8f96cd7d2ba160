using SecurityAgent.Collectors.Linux.Proc;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Login;

/// <summary>Reads the records appended to wtmp and btmp since the last poll and maps them to Login items.</summary>
/// <remarks>Not thread-safe: one loop polls.</remarks>
internal sealed class UtmpPoller(UtmpTail wtmp, UtmpTail btmp, ProcFileSystem proc, Action<long> countMalformed)
{
    /// <summary>The new login items, each with its record's time.</summary>
    public List<(LoginPayload Item, DateTimeOffset When)> Poll()
    {
        var items = new List<(LoginPayload, DateTimeOffset)>();
        foreach (var (tail, failed) in (ReadOnlySpan<(UtmpTail, bool)>)[(wtmp, false), (btmp, true)])
        {
            var before = tail.Malformed;
            foreach (var record in tail.Read())
            {
                if (UtmpLoginMapper.Map(record, failed, proc) is { } item)
                {
                    items.Add((item, record.Timestamp));
                }
            }
            if (tail.Malformed != before)
            {
                countMalformed(tail.Malformed - before);
            }
        }
        return items;
    }
}
