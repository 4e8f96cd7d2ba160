using System.Globalization;
using SecurityAgent.Collectors.Linux.Proc;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>
/// The fallback source: lists /proc every interval and reports the processes that appeared and
/// those that went. It cannot see exit statuses (reported as -1) nor processes shorter than the interval.
/// </summary>
internal sealed class ProcessPoller
{
    private readonly ProcFileSystem _proc;
    private readonly UserDirectory _users;
    private Dictionary<uint, string> _seen = [];

    /// <summary>Creates a poller.</summary>
    public ProcessPoller(ProcFileSystem proc, UserDirectory users)
    {
        _proc = proc;
        _users = users;
    }

    /// <summary>Takes the first listing as the baseline (no events for processes already running).</summary>
    public void Baseline() => _seen = Snapshot().ToDictionary(p => p.ProcessId, p => p.Executable ?? ProcessTracker.UnknownExecutable);

    /// <summary>Lists /proc once and returns the items for what changed since the last call.</summary>
    public List<PayloadItem> Poll()
    {
        var items = new List<PayloadItem>();
        var now = new Dictionary<uint, string>();
        foreach (var info in Snapshot())
        {
            var executable = info.Executable ?? ProcessTracker.UnknownExecutable;
            now[info.ProcessId] = executable;
            if (!_seen.ContainsKey(info.ProcessId) && info.Executable is not null)
            {
                items.Add(new ProcessCreatePayload
                {
                    Executable = executable,
                    ProcessId = info.ProcessId,
                    ParentProcessId = info.ParentProcessId,
                    UserId = info.UserId.ToString(CultureInfo.InvariantCulture),
                    CommandLine = info.CommandLine.Length > 0 ? info.CommandLine : executable,
                    UserName = _users.NameOf(info.UserId),
                });
            }
        }
        foreach (var (pid, executable) in _seen)
        {
            if (!now.ContainsKey(pid))
            {
                items.Add(new ProcessTerminatePayload { Executable = executable, ProcessId = pid, ExitStatus = -1 });
            }
        }
        _seen = now;
        return items;
    }

    /// <summary>Polls until cancelled.</summary>
    public async Task RunAsync(ICollectorContext context, TimeSpan interval, CancellationToken cancellationToken)
    {
        Baseline();
        using var timer = new PeriodicTimer(interval, context.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var when = context.TimeProvider.GetUtcNow();
                foreach (var item in Poll())
                {
                    context.Submit(SecurityEvent.Triggered(when, item));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private IEnumerable<ProcessInfo> Snapshot()
    {
        foreach (var pid in _proc.ListProcessIds())
        {
            if (_proc.Read(pid) is { } info)
            {
                yield return info;
            }
        }
    }
}
