using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors;

/// <summary>
/// The one shape of a collector. The host starts <see cref="RunAsync"/> once and cancels it at
/// shutdown. A collector of triggered events (processes, connections, logins) submits them as they
/// happen; a snapshot collector waits for <see cref="ICollectorContext.WaitForSnapshotAsync"/> and
/// submits one Periodic event each time (<see cref="SnapshotCollector"/> does that loop).
/// </summary>
/// <remarks>
/// A collector that cannot work here (no permission, no kernel support) reports a Diagnostic
/// through <see cref="ICollectorContext.Report"/> and returns; the other collectors carry on.
/// An exception escaping <see cref="RunAsync"/> is reported the same way by the host.
/// </remarks>
public interface ICollector
{
    /// <summary>The collector's name: its event name, and the name of its fixture folder.</summary>
    string Name { get; }

    /// <summary>The events it produces; the host does not start a collector all of whose events are Off.</summary>
    IReadOnlyList<EventName> Events { get; }

    /// <summary>Collects until <paramref name="cancellationToken"/> is cancelled.</summary>
    Task RunAsync(ICollectorContext context, CancellationToken cancellationToken);
}
