using System.Collections.Concurrent;
using SecurityAgent.Collectors.Linux.Audit;
using SecurityAgent.Collectors.Linux.Interop;
using SecurityAgent.Collectors.Linux.Proc;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>
/// ProcessCreate and ProcessTerminate from the kernel proc connector (fork, exec and exit as they
/// happen), with executable, command line, uid, user name and parent from the audit EXECVE records
/// of the exec when audit is available (which also names processes gone before /proc could be
/// read), else from /proc. Where netlink is refused, it polls /proc instead and says so in a Diagnostic.
/// </summary>
/// <remarks>
/// Needs CAP_NET_ADMIN for the proc connector (root in the initial user namespace), and
/// CAP_AUDIT_CONTROL for the audit records (without it, names come from /proc only).
/// </remarks>
public sealed class ProcessCreateCollector : ICollector, ICollectorStatistics
{
    private const int NetlinkConnector = 11;
    private const uint ProcGroup = 1;

    /// <summary>
    /// The pause after a burst of datagrams before the next receive, while execs are joined to
    /// audit records. Under an exec storm this bounds the reader's wakeups at about 50 a second
    /// instead of three per process; events are at most this much later.
    /// </summary>
    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(20);

    private readonly string _root;
    private readonly ProcessSource _source;
    private readonly int _receiveBufferBytes;
    private readonly TimeSpan _pollingInterval;
    private readonly AuditHub? _hub;
    private readonly TimeSpan _auditWait;
    private readonly ConcurrentQueue<AuditExec> _auditExecs = new();
    private long _overflows;
    private long _malformed;
    private long _auditMalformed;
    private long _auditQueueDrops;
    private ProcessTracker? _tracker;
    private ExecJoiner? _joiner;

    /// <summary>
    /// Creates the collector; pass the agent's shared <paramref name="hub"/> (one is made when null
    /// and <see cref="ProcessCreateOptions.Audit"/> is true).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public ProcessCreateCollector(ProcessCreateOptions? options = null, AuditHub? hub = null)
    {
        options ??= new ProcessCreateOptions();
        ArgumentException.ThrowIfNullOrEmpty(options.Root);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReceiveBufferBytes, 64 << 10);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ReceiveBufferBytes, 64 << 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PollingInterval, TimeSpan.FromMilliseconds(100));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PollingInterval, TimeSpan.FromHours(1));
        _root = options.Root;
        _source = options.Source;
        _receiveBufferBytes = options.ReceiveBufferBytes;
        _pollingInterval = options.PollingInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.AuditWait, TimeSpan.FromMilliseconds(10));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.AuditWait, TimeSpan.FromMinutes(1));
        _auditWait = options.AuditWait;
        // Without a known syscall table for the kernel's architecture no exec rule can be added.
        _hub = options.Audit && AuditSyscall.KernelArches.Count != 0 ? hub ?? new AuditHub() : null;
    }

    /// <inheritdoc/>
    public string Name => "ProcessCreate";

    /// <inheritdoc/>
    public IReadOnlyList<EventName> Events { get; } = [EventName.ProcessCreate, EventName.ProcessTerminate];

    /// <summary>Receive-buffer overflows so far: each one means the kernel dropped events.</summary>
    public long Overflows => Interlocked.Read(ref _overflows);

    /// <summary>Messages that could not be parsed (proc connector datagrams, audit exec events).</summary>
    public long Malformed => Interlocked.Read(ref _malformed) + Interlocked.Read(ref _auditMalformed);

    /// <inheritdoc/>
    public long KernelLost => 0;

    /// <summary>Execs whose process was gone before it could be read (sent with Executable [unknown]).</summary>
    public long Incomplete => _tracker?.Incomplete ?? 0;

    /// <summary>Execs sent with what their audit records say (no /proc read).</summary>
    public long Joined => _joiner?.Joined ?? 0;

    /// <summary>Execs that waited for audit records in vain and were read from /proc.</summary>
    public long Unjoined => _joiner?.Unjoined ?? 0;

    /// <summary>Audit execs without proc connector exec in time (dropped).</summary>
    public long Unmatched => (_joiner?.Unmatched ?? 0) + Interlocked.Read(ref _auditQueueDrops);

    /// <inheritdoc/>
    public bool SharesAuditCounters => false;

    /// <summary>The source in use once running: "proc connector" or "polling".</summary>
    public string? ActiveSource { get; private set; }

    /// <inheritdoc/>
    public async Task RunAsync(ICollectorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var proc = new ProcFileSystem(_root);
        var tracker = new ProcessTracker(proc, new UserDirectory(_root));
        _tracker = tracker;
        if (_source != ProcessSource.Polling)
        {
            var error = NetlinkSocket.TryOpen(NetlinkConnector, ProcGroup, _receiveBufferBytes, out var socket);
            if (error == 0)
            {
                // Threads, comm changes and the like never reach the socket. Without the filter
                // (which every kernel since 2.2 takes) the parser skips them: a failure costs CPU, not events.
                _ = socket!.AttachFilter(NetlinkFilter.ProcessEvents());
                error = Subscribe(socket, listen: true);
                if (error != 0)
                {
                    socket!.Dispose();
                }
            }
            if (error == 0)
            {
                ActiveSource = "proc connector";
                context.Report(DiagnosticSeverity.Information,
                    $"ProcessCreate: source is the proc connector (netlink), receive buffer {socket!.ReceiveBufferBytes} bytes");
                tracker.Seed();
                using var subscription = SubscribeAudit(context);
                var joiner = subscription is null ? null : new ExecJoiner(tracker, context.TimeProvider, _auditWait);
                _joiner = joiner;
                await Task.Factory.StartNew(() => Listen(socket, tracker, joiner, context, cancellationToken), cancellationToken,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
                return;
            }
            if (_source == ProcessSource.ProcConnector)
            {
                context.Report(DiagnosticSeverity.Error, $"ProcessCreate: the proc connector was refused (errno {error}); collector stopped");
                return;
            }
            context.Report(DiagnosticSeverity.Warning,
                $"ProcessCreate: the proc connector was refused (errno {error}, needs CAP_NET_ADMIN); polling /proc every {_pollingInterval.TotalSeconds:0.###} s instead");
        }
        ActiveSource = "polling";
        if (_source == ProcessSource.Polling)
        {
            context.Report(DiagnosticSeverity.Information, $"ProcessCreate: source is /proc, listed every {_pollingInterval.TotalSeconds:0.###} s");
        }
        await new ProcessPoller(proc, new UserDirectory(_root)).RunAsync(context, _pollingInterval, cancellationToken).ConfigureAwait(false);
    }

    private IDisposable? SubscribeAudit(ICollectorContext context)
    {
        if (_hub is null)
        {
            return null;
        }
        var subscription = _hub.Subscribe(records =>
        {
            long malformed = 0;
            var exec = AuditExecParser.Parse(records, ref malformed);
            if (malformed != 0)
            {
                Interlocked.Add(ref _auditMalformed, malformed);
            }
            if (exec is null)
            {
                return;
            }
            // The listener drains this at every datagram or receive timeout; bounded for when it cannot.
            if (_auditExecs.Count < ExecJoiner.DefaultCapacity)
            {
                _auditExecs.Enqueue(exec);
            }
            else
            {
                Interlocked.Increment(ref _auditQueueDrops);
            }
        }, [new AuditRule([AuditSyscall.Execve, AuditSyscall.Execveat], SuccessOnly: true)], out var message, [AuditRecordType.Syscall, AuditRecordType.Execve]);
        context.Report(DiagnosticSeverity.Information, subscription is null
            ? $"ProcessCreate: {message}; executables and command lines come from /proc only"
            : $"ProcessCreate: execs joined to audit EXECVE records over {message}");
        return subscription;
    }

    private static int Subscribe(NetlinkSocket socket, bool listen)
    {
        Span<byte> request = stackalloc byte[ProcConnectorParser.ListenRequestLength];
        ProcConnectorParser.WriteListenRequest(request, listen, (uint)Libc.GetPid());
        return socket.Send(request);
    }

    private void Listen(NetlinkSocket socket, ProcessTracker tracker, ExecJoiner? joiner, ICollectorContext context, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var events = new List<ProcEvent>(64);
        var output = new List<TimedItem>(64);
        long reportedOverflows = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Wait for one datagram, then take every one already queued: a burst costs one
                // wakeup, and the pause after it lets the next burst gather (see BatchDelay).
                var received = false;
                for (var n = socket.Receive(buffer); n != 0; n = socket.ReceiveQueued(buffer))
                {
                    if (n < 0)
                    {
                        Interlocked.Exchange(ref _overflows, socket.Overflows);
                        continue;
                    }
                    received = true;
                    long malformed = 0;
                    ProcConnectorParser.Parse(buffer.AsSpan(0, n), events, ref malformed);
                    if (malformed != 0)
                    {
                        Interlocked.Add(ref _malformed, malformed);
                    }
                    if (joiner is null)
                    {
                        // Without audit, each datagram at once: /proc is raced against the exit.
                        Apply(tracker, events, context);
                    }
                }
                if (socket.Overflows != reportedOverflows)
                {
                    context.Report(DiagnosticSeverity.Warning,
                        $"ProcessCreate: netlink receive buffer overflowed ({socket.Overflows} times so far); process events were dropped");
                    reportedOverflows = socket.Overflows;
                }
                if (joiner is not null)
                {
                    Join(joiner, events, output, context);
                }
                if (received && joiner is not null && joiner.AuditFlowing)
                {
                    // Only while execs wait for audit anyway: without audit, /proc must be read
                    // as soon as possible, before short-lived processes are gone.
                    Thread.Sleep(BatchDelay);
                }
            }
            if (joiner is not null)
            {
                DrainAudit(joiner, output);
                joiner.Flush(output);
                Submit(output, context);
            }
        }
        finally
        {
            _ = Subscribe(socket, listen: false);
            socket.Dispose();
        }
    }

    /// <summary>Feeds the audit execs received so far, then <paramref name="events"/>, then expires what waited too long.</summary>
    private void Join(ExecJoiner joiner, List<ProcEvent> events, List<TimedItem> output, ICollectorContext context)
    {
        DrainAudit(joiner, output);
        foreach (var e in events)
        {
            joiner.OnProcEvent(e, output);
        }
        events.Clear();
        joiner.Expire(output);
        Submit(output, context);
    }

    private static void Apply(ProcessTracker tracker, List<ProcEvent> events, ICollectorContext context)
    {
        var now = context.TimeProvider.GetUtcNow();
        foreach (var e in events)
        {
            if (tracker.Apply(e) is { } item)
            {
                context.Submit(SecurityEvent.Triggered(now, item));
            }
        }
        events.Clear();
    }

    private void DrainAudit(ExecJoiner joiner, List<TimedItem> output)
    {
        while (_auditExecs.TryDequeue(out var exec))
        {
            joiner.OnAudit(exec, output);
        }
    }

    private static void Submit(List<TimedItem> output, ICollectorContext context)
    {
        foreach (var (time, item) in output)
        {
            context.Submit(SecurityEvent.Triggered(time, item));
        }
        output.Clear();
    }
}
