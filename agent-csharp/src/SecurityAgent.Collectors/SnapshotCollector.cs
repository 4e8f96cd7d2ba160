using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors;

/// <summary>
/// A collector of one Periodic event: at every snapshot it calls <see cref="Collect"/> and submits
/// the result. A failed snapshot is reported and the next one is tried on schedule.
/// </summary>
public abstract class SnapshotCollector : ICollector
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>The one event this collector produces.</summary>
    protected abstract EventName EventName { get; }

    /// <inheritdoc/>
    public IReadOnlyList<EventName> Events => [EventName];

    /// <inheritdoc/>
    public async Task RunAsync(ICollectorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        while (!cancellationToken.IsCancellationRequested)
        {
            await context.WaitForSnapshotAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<PayloadItem> items;
            try
            {
                items = Collect();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
            {
                context.Report(DiagnosticSeverity.Error, $"{Name}: snapshot failed: {ex.Message}");
                continue;
            }
            context.Submit(new SecurityEvent(EventName, EventCategory.Periodic, context.TimeProvider.GetUtcNow(), items));
        }
    }

    /// <summary>Reads the current state: the payload items of one snapshot (possibly none).</summary>
    /// <exception cref="IOException">The source could not be read; reported, and retried at the next snapshot.</exception>
    protected abstract IReadOnlyList<PayloadItem> Collect();
}
