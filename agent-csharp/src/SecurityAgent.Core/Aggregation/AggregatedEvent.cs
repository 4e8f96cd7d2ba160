using SecurityAgent.Core.Events;

namespace SecurityAgent.Core.Aggregation;

/// <summary>An aggregated event made by a flush, and the number of raw events it stands for.</summary>
internal readonly record struct AggregatedEvent(SecurityEvent Event, long Hits);
