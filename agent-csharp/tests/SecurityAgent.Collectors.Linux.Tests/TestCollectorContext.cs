using System.Collections.Concurrent;
using SecurityAgent.Collectors;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests;

/// <summary>The consumer side of a collector in tests: keeps what it submits and reports.</summary>
public sealed class TestCollectorContext : ICollectorContext, IDisposable
{
    private readonly ConcurrentQueue<SecurityEvent> _events = new();
    private readonly ConcurrentQueue<(DiagnosticSeverity, string)> _reports = new();
    private readonly SemaphoreSlim _snapshots = new(0);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public void Dispose() => _snapshots.Dispose();

    public IReadOnlyList<SecurityEvent> Events => [.. _events];

    public IReadOnlyList<(DiagnosticSeverity Severity, string Message)> Reports => [.. _reports];

    public IEnumerable<T> Items<T>() where T : PayloadItem => Events.SelectMany(e => e.Payload).OfType<T>();

    public void Submit(SecurityEvent securityEvent) => _events.Enqueue(securityEvent);

    public void Report(DiagnosticSeverity severity, string message) => _reports.Enqueue((severity, message));

    /// <summary>Lets one snapshot run.</summary>
    public void ReleaseSnapshot() => _snapshots.Release();

    public async ValueTask WaitForSnapshotAsync(CancellationToken cancellationToken) => await _snapshots.WaitAsync(cancellationToken);

    /// <summary>Waits (polling) until <paramref name="condition"/> holds or the patience runs out.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, int seconds = 20)
    {
        for (var i = 0; i < seconds * 20; i++)
        {
            if (condition())
            {
                return true;
            }
            await Task.Delay(50);
        }
        return condition();
    }
}
