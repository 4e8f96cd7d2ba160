using SecurityAgent.Collectors.Linux.Audit;
using SecurityAgent.Collectors.Linux.Proc;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Login;

/// <summary>
/// Login: successful and failed login attempts. From the audit records PAM and the login programs
/// send (USER_AUTH, USER_START, USER_LOGIN) through the shared <see cref="AuditHub"/>; where audit
/// is refused, from the login accounting files var/log/wtmp (successes) and var/log/btmp
/// (failures), polled, with a Warning saying so.
/// </summary>
/// <remarks>
/// Audit needs CAP_AUDIT_CONTROL (or CAP_AUDIT_READ beside auditd); the files need read access to
/// btmp (root-only on most systems). Needs no audit rule: user records are not syscall records.
/// </remarks>
public sealed class LoginCollector : ICollector, ICollectorStatistics
{
    private readonly AuditHub _hub;
    private readonly string _root;
    private readonly LoginSource _source;
    private readonly TimeSpan _pollingInterval;
    private long _malformed;
    private bool _usesAudit;

    /// <summary>Creates the collector; pass the agent's shared <paramref name="hub"/> (one is made when null).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public LoginCollector(LoginOptions? options = null, AuditHub? hub = null)
    {
        options ??= new LoginOptions();
        ArgumentException.ThrowIfNullOrEmpty(options.Root);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PollingInterval, TimeSpan.FromMilliseconds(100));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PollingInterval, TimeSpan.FromHours(1));
        _root = options.Root;
        _source = options.Source;
        _pollingInterval = options.PollingInterval;
        _hub = hub ?? new AuditHub();
    }

    /// <inheritdoc/>
    public string Name => "Login";

    /// <inheritdoc/>
    public IReadOnlyList<EventName> Events { get; } = [EventName.Login];

    /// <inheritdoc/>
    public long Overflows => _usesAudit ? _hub.Overflows : 0;

    /// <summary>Login records or accounting records skipped as malformed.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <inheritdoc/>
    public long KernelLost => _usesAudit ? _hub.KernelLost : 0;

    /// <inheritdoc/>
    public long Incomplete => 0;

    /// <inheritdoc/>
    public bool SharesAuditCounters => _usesAudit;

    /// <summary>The source in use once running: "audit" or "utmp".</summary>
    public string? ActiveSource { get; private set; }

    /// <inheritdoc/>
    public async Task RunAsync(ICollectorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_source != LoginSource.Utmp)
        {
            using var subscription = _hub.Subscribe(records =>
            {
                foreach (var record in records)
                {
                    if (AuditLoginParser.Parse(record, out var malformed) is { } item)
                    {
                        context.Submit(SecurityEvent.Triggered(record.Timestamp, item));
                    }
                    else if (malformed)
                    {
                        Interlocked.Increment(ref _malformed);
                    }
                }
            }, [], out var message, [AuditRecordType.UserAuth, AuditRecordType.UserStart, AuditRecordType.UserLogin]);
            if (subscription is not null)
            {
                _usesAudit = true;
                ActiveSource = "audit";
                context.Report(DiagnosticSeverity.Information, $"Login: source is {message}");
                await WaitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            if (_source == LoginSource.Audit)
            {
                context.Report(DiagnosticSeverity.Error, $"Login: {message}; collector stopped");
                return;
            }
            context.Report(DiagnosticSeverity.Warning,
                $"Login: {message}; reading var/log/wtmp and var/log/btmp every {_pollingInterval.TotalSeconds:0.###} s instead");
        }
        else
        {
            context.Report(DiagnosticSeverity.Information, $"Login: source is var/log/wtmp and var/log/btmp, read every {_pollingInterval.TotalSeconds:0.###} s");
        }
        ActiveSource = "utmp";
        var poller = CreatePoller(fromStart: false);
        using var timer = new PeriodicTimer(_pollingInterval, context.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var (item, when) in poller.Poll())
                {
                    context.Submit(SecurityEvent.Triggered(when, item));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>A poller of the two accounting files under the root.</summary>
    internal UtmpPoller CreatePoller(bool fromStart) => new(
        new UtmpTail(Path.Combine(_root, "var", "log", "wtmp"), fromStart),
        new UtmpTail(Path.Combine(_root, "var", "log", "btmp"), fromStart),
        new ProcFileSystem(_root),
        count => Interlocked.Add(ref _malformed, count));

    private static async Task WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
