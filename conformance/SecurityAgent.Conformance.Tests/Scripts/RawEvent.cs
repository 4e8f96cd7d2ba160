namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>A raw Security event as a collector produces it.</summary>
/// <param name="Name">The event name (ProcessCreate, ListeningPorts, ...); its category follows from it.</param>
/// <param name="TimeMs">When it happened, milliseconds since the Unix epoch.</param>
/// <param name="Items">The payload items (a Triggered event has one, a snapshot any number).</param>
internal sealed record RawEvent(string Name, long TimeMs, IReadOnlyList<RawItem> Items);
