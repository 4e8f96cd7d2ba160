using SecurityAgent.Collectors;
using SecurityAgent.Core.Events;

/// <summary>Counts ProcessCreate events by parent, and the incomplete ones.</summary>
internal sealed class CountingContext : ICollectorContext
{
    private readonly Dictionary<uint, long> _byParent = [];
    private long _incomplete;

    public TimeProvider TimeProvider => TimeProvider.System;

    public long Incomplete => Interlocked.Read(ref _incomplete);

    public long CreatedBy(uint parent)
    {
        lock (_byParent)
        {
            return _byParent.GetValueOrDefault(parent);
        }
    }

    public void Submit(SecurityEvent securityEvent)
    {
        foreach (var item in securityEvent.Payload)
        {
            if (item is ProcessCreatePayload create)
            {
                if (create.ExtraDetails is not null)
                {
                    Interlocked.Increment(ref _incomplete);
                }
                lock (_byParent)
                {
                    _byParent[create.ParentProcessId] = _byParent.GetValueOrDefault(create.ParentProcessId) + 1;
                }
            }
        }
    }

    public void Report(DiagnosticSeverity severity, string message) => Console.Error.WriteLine($"{severity}: {message}");

    public ValueTask WaitForSnapshotAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
