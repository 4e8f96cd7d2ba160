using System.Buffers.Binary;
using System.Text;
using SecurityAgent.Collectors.Linux.Interop;

namespace SecurityAgent.Collectors.Linux.Audit;

/// <summary>
/// The one audit netlink connection of the agent, shared by the collectors that read audit
/// records (ConnectionCreate, Login). When no audit daemon runs it registers as the daemon
/// (unicast: nothing is printed to the kernel log) and enables audit for as long as it runs; when
/// auditd runs it listens read-only on the AUDIT_NLGRP_READLOG multicast group beside it. It adds
/// the syscall rules its subscribers ask for and removes them, and restores the audit status, when
/// the last subscriber leaves. It removes only the rules the kernel took from it: a rule that was
/// already there (EEXIST: auditd's, another agent's) is left alone, and a rule two subscribers ask
/// for stays until both have left.
/// </summary>
/// <remarks>
/// Needs CAP_AUDIT_CONTROL (rules, status) and, as the daemon, CAP_AUDIT_CONTROL too; read-only
/// listening needs CAP_AUDIT_READ. Thread-safe.
/// </remarks>
public sealed class AuditHub
{
    private const int NetlinkAudit = 9;

    /// <summary>The pause after a burst of records before the next receive (records are at most this much later).</summary>
    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a rule's add waits for the kernel's answer (the reader thread hands it over).</summary>
    private static readonly TimeSpan AckWait = TimeSpan.FromSeconds(2);
    private readonly Lock _lock = new();
    private readonly object _ackGate = new(); // Monitor, for Wait and PulseAll
    private readonly Dictionary<uint, int> _acks = [];
    private uint _awaitedSeq;
    private volatile Subscription[] _subscribers = [];
    private volatile HashSet<int>? _wanted;
    private NetlinkSocket? _socket;
    private Thread? _reader;
    private volatile bool _stopping;
    private uint _seq;
    private uint _oldEnabled;
    private uint _oldBacklog;
    private long _overflows;
    private long _kernelLost;
    private long _lostBaseline;
    private long _malformed;

    /// <summary>"unicast" (registered as the audit daemon), "multicast" (read-only beside auditd), or null when not running.</summary>
    public string? Mode { get; private set; }

    /// <summary>Receive-buffer overflows: each one means records were dropped on the way to the agent.</summary>
    public long Overflows => Interlocked.Read(ref _overflows);

    /// <summary>The kernel's own count of lost audit records since the hub started.</summary>
    public long KernelLost => Interlocked.Read(ref _kernelLost);

    /// <summary>Messages that were not audit records.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>
    /// Subscribes to completed audit events and asks for a syscall rule. Starts the connection with
    /// the first subscriber; returns null and the reason when audit netlink is refused.
    /// </summary>
    /// <param name="handler">Called on the hub's reader thread with each completed event.</param>
    /// <param name="rules">The syscall rules to add while subscribed.</param>
    /// <param name="message">The mode, or why audit is unavailable.</param>
    /// <param name="recordTypes">
    /// The record types the handler reads, or null for all. Records no subscriber reads (an exec's
    /// CWD and PATH records, say) are not parsed at all.
    /// </param>
    internal IDisposable? Subscribe(Action<IReadOnlyList<AuditRecord>> handler, IReadOnlyList<AuditRule> rules, out string message,
        IReadOnlyCollection<int>? recordTypes = null)
    {
        lock (_lock)
        {
            if (_socket is null && !Start(out message))
            {
                return null;
            }
            var subscription = new Subscription(this, handler, rules, recordTypes);
            FilterRecords(joining: subscription); // before its rules make the kernel send its records
            foreach (var rule in subscription.KernelRules)
            {
                rule.Added = AddRule(rule.Rule);
            }
            _subscribers = [.. _subscribers, subscription];
            message = $"audit netlink ({Mode})";
            return subscription;
        }
    }

    private bool Start(out string message)
    {
        var error = NetlinkSocket.TryOpen(NetlinkAudit, 0, 8 << 20, out var socket);
        if (error != 0)
        {
            message = $"audit netlink refused (errno {error})";
            return false;
        }
        if (!TryGetStatus(socket!, out var enabled, out var pid, out var backlog, out var lost))
        {
            socket!.Dispose();
            message = "audit status unavailable (needs CAP_AUDIT_CONTROL)";
            return false;
        }
        _oldEnabled = enabled;
        _oldBacklog = backlog;
        _lostBaseline = lost;
        _kernelLost = 0;
        if (pid == 0)
        {
            var set = AuditMessages.SetStatus(++_seq, AuditMessages.StatusPid | AuditMessages.StatusEnabled | AuditMessages.StatusBacklogLimit,
                1, (uint)Libc.GetPid(), Math.Max(backlog, 8192));
            if (socket!.Send(set) != 0 || Ack(socket) != 0)
            {
                socket.Dispose();
                message = "could not register as the audit daemon (needs CAP_AUDIT_CONTROL)";
                return false;
            }
            Mode = "unicast";
        }
        else
        {
            socket!.Dispose();
            error = NetlinkSocket.TryOpen(NetlinkAudit, 1, 8 << 20, out socket);
            if (error != 0)
            {
                message = $"auditd (pid {pid}) owns audit and the read-only multicast group was refused (errno {error}, needs CAP_AUDIT_READ)";
                return false;
            }
            Mode = "multicast";
        }
        _socket = socket;
        _stopping = false;
        _reader = new Thread(Read) { IsBackground = true, Name = "audit-netlink" };
        _reader.Start();
        message = Mode;
        return true;
    }

    private void Unsubscribe(Subscription subscription)
    {
        Thread? reader;
        NetlinkSocket? socket;
        lock (_lock)
        {
            if (!_subscribers.Contains(subscription) || _socket is null)
            {
                return;
            }
            _subscribers = [.. _subscribers.Where(s => s != subscription)];
            if (_subscribers.Length > 0)
            {
                FilterRecords(joining: null);
            }
            foreach (var rule in subscription.KernelRules)
            {
                var other = _subscribers.SelectMany(s => s.KernelRules).FirstOrDefault(r => r.Rule.Same(rule.Rule));
                if (other is not null)
                {
                    other.Added |= rule.Added; // still wanted: the other subscriber now owns it
                }
                else if (rule.Added)
                {
                    _ = _socket.Send(AuditMessages.Rule(add: false, ++_seq, rule.Rule));
                }
            }
            if (_subscribers.Length > 0)
            {
                return;
            }
            if (Mode == "unicast")
            {
                _ = _socket.Send(AuditMessages.SetStatus(++_seq, AuditMessages.StatusPid | AuditMessages.StatusEnabled | AuditMessages.StatusBacklogLimit,
                    _oldEnabled, 0, _oldBacklog));
            }
            _stopping = true;
            reader = _reader;
            socket = _socket;
            _reader = null;
            _socket = null;
            Mode = null;
        }
        // The reader may be inside a handler; join it outside the lock.
        reader?.Join();
        socket.Dispose();
    }

    /// <summary>
    /// Adds a rule and waits for the kernel's answer, which the reader thread receives: whether
    /// the kernel took it (not when it was there already, EEXIST, or no answer came).
    /// </summary>
    private bool AddRule(KernelRule rule)
    {
        var seq = ++_seq;
        lock (_ackGate)
        {
            _awaitedSeq = seq;
            _acks.Clear();
        }
        if (_socket!.Send(AuditMessages.Rule(add: true, seq, rule)) != 0)
        {
            return false;
        }
        var deadline = Environment.TickCount64 + (long)AckWait.TotalMilliseconds;
        lock (_ackGate)
        {
            int error;
            while (!_acks.TryGetValue(seq, out error))
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0 || _stopping)
                {
                    return false;
                }
                Monitor.Wait(_ackGate, TimeSpan.FromMilliseconds(left));
            }
            _awaitedSeq = 0;
            return error == 0;
        }
    }

    /// <summary>An NLMSG_ERROR (an acknowledgement when 0) for request <paramref name="seq"/>, from the reader thread.</summary>
    private void OnAck(uint seq, int error)
    {
        lock (_ackGate)
        {
            if (seq == _awaitedSeq)
            {
                _acks[seq] = -error;
                Monitor.PulseAll(_ackGate);
            }
        }
    }

    private void Read()
    {
        var buffer = new byte[64 << 10];
        var assembler = new AuditEventAssembler();
        var completed = new List<IReadOnlyList<AuditRecord>>();
        var socket = _socket!;
        var lastStatus = Environment.TickCount64;
        while (!_stopping)
        {
            // Wait for one datagram, then take every one already queued (an exec brings three or four
            // records past the filter), then pause: a storm costs about 50 wakeups a second, not one per record.
            completed.Clear();
            var received = false;
            try
            {
                for (var n = socket.Receive(buffer); n != 0; n = socket.ReceiveQueued(buffer))
                {
                    if (n < 0)
                    {
                        Interlocked.Exchange(ref _overflows, socket.Overflows);
                        continue;
                    }
                    received = true;
                    Dispatch(buffer.AsSpan(0, n), assembler, completed);
                }
            }
            catch (IOException)
            {
                return;
            }
            if (Environment.TickCount64 - lastStatus > 5000)
            {
                lastStatus = Environment.TickCount64;
                _ = socket.Send(AuditMessages.GetStatus(++_seq));
            }
            if (!received)
            {
                assembler.Flush(completed);
            }
            foreach (var e in completed)
            {
                foreach (var s in _subscribers)
                {
                    s.Handler(e);
                }
            }
            if (received)
            {
                Thread.Sleep(BatchDelay);
            }
        }
    }

    private void Dispatch(ReadOnlySpan<byte> data, AuditEventAssembler assembler, List<IReadOnlyList<AuditRecord>> completed)
    {
        while (data.Length >= 16)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
            if (length < 16 || length > data.Length)
            {
                Interlocked.Increment(ref _malformed);
                return;
            }
            var body = data[16..length];
            if (type == AuditMessages.Get && body.Length >= 32)
            {
                Interlocked.Exchange(ref _kernelLost, BinaryPrimitives.ReadUInt32LittleEndian(body[24..]) - _lostBaseline);
            }
            else if (type == AuditMessages.NlmsgError && body.Length >= 4)
            {
                OnAck(BinaryPrimitives.ReadUInt32LittleEndian(data[8..]), BinaryPrimitives.ReadInt32LittleEndian(body));
            }
            else if (type >= 1100)
            {
                // The kernel sends one record per datagram and sets nlmsg_len to the text length
                // alone (without the header), so the record is the rest of the datagram.
                body = data[16..];
                length = data.Length;
                if (type != AuditRecordType.Eoe && _wanted is { } wanted && !wanted.Contains(type))
                {
                    // No subscriber reads this type: not decoded at all.
                }
                else if (AuditRecordParser.TryParse(type, Encoding.UTF8.GetString(body), out var record))
                {
                    assembler.Add(record, completed);
                }
                else
                {
                    Interlocked.Increment(ref _malformed);
                }
            }
            var aligned = (length + 3) & ~3;
            if (aligned >= data.Length)
            {
                return;
            }
            data = data[aligned..];
        }
    }

    private uint NextSeq() => ++_seq;

    /// <summary>
    /// Recomputes the record types the subscribers read (<see cref="_wanted"/>, which the reader
    /// checks) and lets only those, and EOE, into the socket: the kernel drops the others before
    /// queueing them (<see cref="NetlinkFilter"/>). When a subscriber reads every type the filter
    /// is removed. Where the kernel refuses the filter every record is received and
    /// <see cref="Dispatch"/> skips the unread ones: no event is lost either way.
    /// </summary>
    /// <param name="joining">A subscriber not in the list yet, or null.</param>
    private void FilterRecords(Subscription? joining)
    {
        var types = RecordTypes(joining is null ? _subscribers : [joining, .. _subscribers]);
        _wanted = types is null ? null : [.. types];
        var program = types is null ? null : NetlinkFilter.AuditRecordTypes(types);
        _ = _socket!.AttachFilter(program ?? []);
    }

    /// <summary>
    /// EOE, then the record types the subscribers read, each once and in their order (as the C
    /// agent's hub lists them, so both attach the same program); null when one reads every type.
    /// </summary>
    private static List<int>? RecordTypes(IEnumerable<Subscription> subscribers)
    {
        List<int> types = [AuditRecordType.Eoe];
        foreach (var s in subscribers)
        {
            if (s.RecordTypes is null)
            {
                return null;
            }
            foreach (var type in s.RecordTypes)
            {
                if (!types.Contains(type))
                {
                    types.Add(type);
                }
            }
        }
        return types;
    }

    /// <summary>The instruction count of the record filter on the hub's socket (0: none, or not running).</summary>
    internal int RecordFilterLength => _socket?.FilterLength ?? 0;

    private bool TryGetStatus(NetlinkSocket socket, out uint enabled, out uint pid, out uint backlog, out long lost)
    {
        enabled = pid = backlog = 0;
        lost = 0;
        if (socket.Send(AuditMessages.GetStatus(NextSeq())) != 0)
        {
            return false;
        }
        var buffer = new byte[8192];
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var n = socket.Receive(buffer);
            if (n < 16)
            {
                continue;
            }
            var type = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(4));
            if (type == AuditMessages.NlmsgError && BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(16)) != 0)
            {
                return false;
            }
            if (type == AuditMessages.Get && n >= 48)
            {
                var body = buffer.AsSpan(16);
                enabled = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
                pid = BinaryPrimitives.ReadUInt32LittleEndian(body[12..]);
                backlog = BinaryPrimitives.ReadUInt32LittleEndian(body[20..]);
                lost = BinaryPrimitives.ReadUInt32LittleEndian(body[24..]);
                return true;
            }
        }
        return false;
    }

    private static int Ack(NetlinkSocket socket)
    {
        var buffer = new byte[8192];
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var n = socket.Receive(buffer);
            if (n >= 20 && BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(4)) == AuditMessages.NlmsgError)
            {
                return -BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(16));
            }
        }
        return -1;
    }

    private sealed class Subscription(AuditHub hub, Action<IReadOnlyList<AuditRecord>> handler, IReadOnlyList<AuditRule> rules,
        IReadOnlyCollection<int>? recordTypes) : IDisposable
    {
        public IReadOnlyCollection<int>? RecordTypes { get; } = recordTypes;

        public Action<IReadOnlyList<AuditRecord>> Handler { get; } = handler;

        /// <summary>The subscriber's rules for each architecture the kernel audits, and whether the kernel took each from this hub.</summary>
        public IReadOnlyList<SubscribedRule> KernelRules { get; } =
            [.. rules.SelectMany(r => AuditSyscall.Expand(AuditSyscall.KernelArches, r)).Select(r => new SubscribedRule(r))];

        public void Dispose() => hub.Unsubscribe(this);
    }

    /// <summary>A kernel rule a subscriber asked for.</summary>
    private sealed class SubscribedRule(KernelRule rule)
    {
        public KernelRule Rule { get; } = rule;

        /// <summary>The kernel took this hub's add (an EEXIST rule belongs to someone else): deleted when no subscriber wants it.</summary>
        public bool Added { get; set; }
    }
}
