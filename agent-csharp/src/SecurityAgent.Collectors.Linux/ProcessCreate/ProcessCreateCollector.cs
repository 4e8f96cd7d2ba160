using SecurityAgent.Collectors.Linux.Interop;
using SecurityAgent.Collectors.Linux.Proc;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>
/// ProcessCreate and ProcessTerminate from the kernel proc connector (fork, exec and exit as they
/// happen), with executable, command line, uid, user name and parent from /proc. Where netlink is
/// refused, it polls /proc instead and says so in a Diagnostic.
/// </summary>
/// <remarks>Needs CAP_NET_ADMIN for the proc connector (root in the initial user namespace).</remarks>
public sealed class ProcessCreateCollector : ICollector, ICollectorStatistics
{
    private const int NetlinkConnector = 11;
    private const uint ProcGroup = 1;

    private readonly string _root;
    private readonly ProcessSource _source;
    private readonly int _receiveBufferBytes;
    private readonly TimeSpan _pollingInterval;
    private long _overflows;
    private long _malformed;
    private ProcessTracker? _tracker;

    /// <summary>Creates the collector.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public ProcessCreateCollector(ProcessCreateOptions? options = null)
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
    }

    /// <inheritdoc/>
    public string Name => "ProcessCreate";

    /// <inheritdoc/>
    public IReadOnlyList<EventName> Events { get; } = [EventName.ProcessCreate, EventName.ProcessTerminate];

    /// <summary>Receive-buffer overflows so far: each one means the kernel dropped events.</summary>
    public long Overflows => Interlocked.Read(ref _overflows);

    /// <summary>Messages that could not be parsed.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <inheritdoc/>
    public long KernelLost => 0;

    /// <summary>Execs whose process was gone before it could be read (sent with Executable [unknown]).</summary>
    public long Incomplete => _tracker?.Incomplete ?? 0;

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
                error = Subscribe(socket!, listen: true);
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
                await Task.Factory.StartNew(() => Listen(socket, tracker, context, cancellationToken), cancellationToken,
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

    private static int Subscribe(NetlinkSocket socket, bool listen)
    {
        Span<byte> request = stackalloc byte[ProcConnectorParser.ListenRequestLength];
        ProcConnectorParser.WriteListenRequest(request, listen, (uint)Libc.GetPid());
        return socket.Send(request);
    }

    private void Listen(NetlinkSocket socket, ProcessTracker tracker, ICollectorContext context, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var events = new List<ProcEvent>(16);
        long reportedOverflows = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var n = socket.Receive(buffer);
                if (n < 0)
                {
                    Interlocked.Exchange(ref _overflows, socket.Overflows);
                    if (socket.Overflows - reportedOverflows >= 1)
                    {
                        context.Report(DiagnosticSeverity.Warning,
                            $"ProcessCreate: netlink receive buffer overflowed ({socket.Overflows} times so far); process events were dropped");
                        reportedOverflows = socket.Overflows;
                    }
                    continue;
                }
                if (n == 0)
                {
                    continue;
                }
                events.Clear();
                long malformed = 0;
                ProcConnectorParser.Parse(buffer.AsSpan(0, n), events, ref malformed);
                if (malformed != 0)
                {
                    Interlocked.Add(ref _malformed, malformed);
                }
                var now = context.TimeProvider.GetUtcNow();
                foreach (var e in events)
                {
                    if (tracker.Apply(e) is { } item)
                    {
                        context.Submit(SecurityEvent.Triggered(now, item));
                    }
                }
            }
        }
        finally
        {
            _ = Subscribe(socket, listen: false);
            socket.Dispose();
        }
    }
}
