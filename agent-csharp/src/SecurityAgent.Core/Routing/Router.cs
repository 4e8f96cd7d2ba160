using SecurityAgent.Core.Configuration;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Core.Routing;

/// <summary>
/// Chooses each event's queue from its priority (docs/core-rules.md §2): Off drops at the source
/// and is counted; operational events always go to the Operational queue.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class Router
{
    /// <summary>Events dropped because their priority is Off (cumulative).</summary>
    public long DroppedEvents { get; private set; }

    /// <summary>Returns the queue of an event, or null (and counts it) when its priority is Off.</summary>
    public QueueName? Route(EventName name, AgentConfiguration configuration)
    {
        var priority = configuration.PriorityOf(name);
        if (priority == EventPriority.Off)
        {
            DroppedEvents++;
            return null;
        }

        if (EventNames.TypeOf(name) == EventType.Operational)
        {
            return QueueName.Operational;
        }

        return priority == EventPriority.High ? QueueName.High : QueueName.Low;
    }
}
