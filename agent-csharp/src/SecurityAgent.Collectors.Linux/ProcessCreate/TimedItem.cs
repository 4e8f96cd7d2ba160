using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>A payload item and the time its event happened (when the collector received it).</summary>
/// <param name="Time">The event time.</param>
/// <param name="Item">The item.</param>
internal readonly record struct TimedItem(DateTimeOffset Time, PayloadItem Item);
