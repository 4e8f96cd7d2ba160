using SecurityAgent.Collectors.Linux.Audit;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.ConnectionCreate;

/// <summary>
/// ConnectionCreate from audit netlink: connect (Out) and accept/accept4 (In), successful only,
/// with remote and local address and port, protocol, process, executable, command line and user.
/// Loopback is excluded unless asked for.
/// </summary>
/// <remarks>Needs CAP_AUDIT_CONTROL (and CAP_AUDIT_READ beside a running auditd); without it, it reports a Diagnostic and stops.</remarks>
public sealed class ConnectionCreateCollector : ICollector, ICollectorStatistics
{
    private readonly AuditHub _hub;
    private readonly string _root;
    private readonly bool _includeLoopback;
    private readonly ConnectionSource _source;
    private readonly TimeSpan _interval;
    private long _diagMalformed;

    /// <summary>Creates the collector; pass the agent's shared <paramref name="hub"/> (one is made when null).</summary>
    public ConnectionCreateCollector(ConnectionCreateOptions? options = null, AuditHub? hub = null)
    {
        options ??= new ConnectionCreateOptions();
        ArgumentException.ThrowIfNullOrEmpty(options.Root);
        _root = options.Root;
        _includeLoopback = options.IncludeLoopback;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SockDiagInterval, TimeSpan.FromMilliseconds(100));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.SockDiagInterval, TimeSpan.FromHours(1));
        _source = options.Source;
        _interval = options.SockDiagInterval;
        _hub = hub ?? new AuditHub();
    }

    /// <inheritdoc/>
    public string Name => "ConnectionCreate";

    /// <inheritdoc/>
    public IReadOnlyList<EventName> Events { get; } = [EventName.ConnectionCreate];

    /// <inheritdoc/>
    public long Overflows => _hub.Overflows;

    /// <inheritdoc/>
    public long Malformed => _hub.Malformed + Interlocked.Read(ref _diagMalformed);

    /// <inheritdoc/>
    public long KernelLost => _hub.KernelLost;

    /// <inheritdoc/>
    public long Incomplete => 0;

    /// <inheritdoc/>
    public bool SharesAuditCounters => true;

    /// <inheritdoc/>
    public async Task RunAsync(ICollectorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_source == ConnectionSource.SockDiag)
        {
            context.Report(DiagnosticSeverity.Information, $"ConnectionCreate: source is sock_diag snapshots every {_interval.TotalSeconds:0.###} s");
            await PollAsync(context, cancellationToken).ConfigureAwait(false);
            return;
        }
        var parser = new AuditConnectionParser(_root, _includeLoopback);
        AuditRule[] rules = [new([AuditSyscall.Connect], SuccessOnly: false), new([AuditSyscall.Accept, AuditSyscall.Accept4], SuccessOnly: true)];
        var gate = new Lock();
        using var subscription = _hub.Subscribe(records =>
        {
            ConnectionCreatePayload? item;
            lock (gate)
            {
                item = parser.Parse(records);
            }
            if (item is not null)
            {
                context.Submit(SecurityEvent.Triggered(records[0].Timestamp, item));
            }
        }, rules, out var message, [AuditRecordType.Syscall, AuditRecordType.Sockaddr, AuditRecordType.Proctitle, AuditRecordType.Socketcall]);
        if (subscription is null && _source == ConnectionSource.Audit)
        {
            context.Report(DiagnosticSeverity.Error, $"ConnectionCreate: {message}; collector stopped");
            return;
        }
        if (subscription is null)
        {
            context.Report(DiagnosticSeverity.Warning,
                $"ConnectionCreate: {message}; taking sock_diag snapshots every {_interval.TotalSeconds:0.###} s instead (connections shorter than that are missed)");
            await PollAsync(context, cancellationToken).ConfigureAwait(false);
            return;
        }
        context.Report(DiagnosticSeverity.Information, $"ConnectionCreate: source is {message}");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task PollAsync(ICollectorContext context, CancellationToken cancellationToken)
    {
        var poller = new SockDiagPoller(new Proc.ProcFileSystem(_root), _includeLoopback);
        using var timer = new PeriodicTimer(_interval, context.TimeProvider);
        try
        {
            do
            {
                List<InetDiagSocket> sockets;
                try
                {
                    var before = poller.Malformed;
                    sockets = poller.Dump();
                    Interlocked.Add(ref _diagMalformed, poller.Malformed - before);
                }
                catch (IOException ex)
                {
                    context.Report(DiagnosticSeverity.Error, $"ConnectionCreate: {ex.Message}; collector stopped");
                    return;
                }
                var when = context.TimeProvider.GetUtcNow();
                foreach (var item in poller.Diff(sockets))
                {
                    context.Submit(SecurityEvent.Triggered(when, item));
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
