using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>
/// One item of an event's payload. Each event name has its own sealed item type; members are
/// written in the order of the event's schema, with <see cref="ExtraDetails"/> last.
/// </summary>
public abstract record PayloadItem
{
    private protected PayloadItem()
    {
    }

    /// <summary>The event this item belongs to.</summary>
    public abstract EventName Name { get; }

    /// <summary>Additional details, string to string; written with keys in ordinal byte order, omitted when null or empty.</summary>
    public IReadOnlyDictionary<string, string>? ExtraDetails { get; init; }

    internal abstract void WriteMembers(CanonicalJsonWriter writer);
}
