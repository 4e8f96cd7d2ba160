namespace SecurityAgent.Core.Events;

/// <summary>
/// A raw event as a collector produces it: a name, a category, the time it happened and its
/// payload items. The core gives it an id when it is queued.
/// </summary>
/// <remarks>Immutable; the core keeps a reference to the event and its items, so do not mutate them.</remarks>
public sealed class SecurityEvent
{
    /// <summary>Creates an event.</summary>
    /// <param name="name">The event name; every item must be of this name.</param>
    /// <param name="category">Periodic or Triggered (Aggregated is made by the core only).</param>
    /// <param name="timestampUtc">When it happened.</param>
    /// <param name="payload">The items; a Triggered event needs at least one.</param>
    /// <exception cref="ArgumentException">An item of another name, an Aggregated or empty Triggered event.</exception>
    public SecurityEvent(EventName name, EventCategory category, DateTimeOffset timestampUtc, IReadOnlyList<PayloadItem> payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (category == EventCategory.Aggregated)
        {
            throw new ArgumentException("Aggregated events are made by the core.", nameof(category));
        }

        if (category != EventCategory.Periodic && payload.Count == 0)
        {
            throw new ArgumentException("A Triggered event needs at least one payload item.", nameof(payload));
        }

        for (var i = 0; i < payload.Count; i++)
        {
            if (payload[i] is null || payload[i].Name != name)
            {
                throw new ArgumentException($"Payload item {i} is not a {name} item.", nameof(payload));
            }
        }

        Name = name;
        Category = category;
        TimestampUtc = timestampUtc.ToUniversalTime();
        Payload = payload;
    }

    private SecurityEvent(EventName name, EventCategory category, DateTimeOffset timestampUtc, IReadOnlyList<PayloadItem> payload, bool trusted)
    {
        _ = trusted;
        Name = name;
        Category = category;
        TimestampUtc = timestampUtc;
        Payload = payload;
    }

    /// <summary>The event name.</summary>
    public EventName Name { get; }

    /// <summary>Periodic, Triggered or Aggregated.</summary>
    public EventCategory Category { get; }

    /// <summary>When the event happened, in UTC.</summary>
    public DateTimeOffset TimestampUtc { get; }

    /// <summary>The payload items.</summary>
    public IReadOnlyList<PayloadItem> Payload { get; }

    /// <summary>The kind of event, from its name.</summary>
    public EventType EventType => EventNames.TypeOf(Name);

    /// <summary>A Triggered event with one item.</summary>
    public static SecurityEvent Triggered(DateTimeOffset timestampUtc, PayloadItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new SecurityEvent(item.Name, EventCategory.Triggered, timestampUtc, [item]);
    }

    /// <summary>A Periodic (snapshot) event; it may be empty.</summary>
    public static SecurityEvent Periodic(EventName name, DateTimeOffset timestampUtc, IReadOnlyList<PayloadItem> items) =>
        new(name, EventCategory.Periodic, timestampUtc, items);

    internal static SecurityEvent CreateTrusted(EventName name, EventCategory category, DateTimeOffset timestampUtc, IReadOnlyList<PayloadItem> payload) =>
        new(name, category, timestampUtc.ToUniversalTime(), payload, trusted: true);
}
