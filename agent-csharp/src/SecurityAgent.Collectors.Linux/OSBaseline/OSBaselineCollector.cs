using System.Security.Cryptography;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.OSBaseline;

/// <summary>
/// OSBaseline: the project's CIS-derived checks (SSH daemon settings, password and account policy,
/// permissions of sensitive files, kernel network parameters, unwanted services, mount options),
/// shipped as data in the assembly, plus the custom checks the twin names when their file's
/// SHA-256 matches. Only failed checks and checks that could not be evaluated are sent (Fail,
/// Err); an empty snapshot means every check passed.
/// </summary>
/// <remarks>Reads files under the root; /etc/shadow and /etc/gshadow need root (CAP_DAC_READ_SEARCH), or those checks are Err.</remarks>
public sealed class OSBaselineCollector : ICollector, ICollectorStatistics
{
    private readonly string _root;
    private readonly Func<BaselineCustomChecks?>? _customChecks;
    private readonly BaselineEvaluator _evaluator;
    private long _malformed;

    /// <summary>Creates the collector.</summary>
    public OSBaselineCollector(OSBaselineOptions? options = null)
    {
        options ??= new OSBaselineOptions();
        ArgumentException.ThrowIfNullOrEmpty(options.Root);
        _root = options.Root;
        _customChecks = options.CustomChecks;
        _evaluator = new BaselineEvaluator(_root);
    }

    /// <inheritdoc/>
    public string Name => "OSBaseline";

    /// <inheritdoc/>
    public IReadOnlyList<EventName> Events { get; } = [EventName.OSBaseline];

    /// <inheritdoc/>
    public long Overflows => 0;

    /// <summary>Custom checks skipped as invalid so far.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <inheritdoc/>
    public long KernelLost => 0;

    /// <inheritdoc/>
    public long Incomplete => 0;

    /// <inheritdoc/>
    public bool SharesAuditCounters => false;

    /// <inheritdoc/>
    public async Task RunAsync(ICollectorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        while (!cancellationToken.IsCancellationRequested)
        {
            await context.WaitForSnapshotAsync(cancellationToken).ConfigureAwait(false);
            var items = Snapshot(context.Report);
            context.Submit(SecurityEvent.Periodic(EventName.OSBaseline, context.TimeProvider.GetUtcNow(), items));
        }
    }

    /// <summary>Evaluates every check once; returns the items of those that did not pass.</summary>
    internal List<OSBaselinePayload> Snapshot(Action<DiagnosticSeverity, string> report)
    {
        var outcomes = Evaluate(BaselineCheckFile.BuiltIn, custom: false);
        if (LoadCustomChecks(report) is { } custom)
        {
            outcomes.AddRange(Evaluate(custom, custom: true));
        }
        return [.. outcomes.Where(o => o.Result != BaselineResult.Pass).Select(ToItem)];
    }

    /// <summary>Evaluates <paramref name="checks"/> (all results, passing ones included).</summary>
    internal List<BaselineOutcome> Evaluate(IReadOnlyList<BaselineCheck> checks, bool custom)
    {
        var outcomes = new List<BaselineOutcome>(checks.Count);
        foreach (var check in checks)
        {
            var outcome = _evaluator.Evaluate(check);
            outcomes.Add(custom ? outcome with { Check = check with { Id = "custom:" + check.Id } } : outcome);
        }
        return outcomes;
    }

    private List<BaselineCheck>? LoadCustomChecks(Action<DiagnosticSeverity, string> report)
    {
        if (_customChecks?.Invoke() is not { Enabled: true } settings)
        {
            return null;
        }
        var path = Path.Combine(_root, settings.FilePath.TrimStart('/'));
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report(DiagnosticSeverity.Warning, $"OSBaseline: custom checks file {settings.FilePath} cannot be read ({ex.GetType().Name}); custom checks skipped");
            return null;
        }
        var hash = Convert.ToHexString(SHA256.HashData(bytes));
        if (!hash.Equals(settings.FileHash.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            report(DiagnosticSeverity.Warning, $"OSBaseline: custom checks file {settings.FilePath} has SHA-256 {hash.ToLowerInvariant()}, not the configured hash; custom checks skipped");
            return null;
        }
        var errors = new List<string>();
        List<BaselineCheck> checks;
        try
        {
            checks = BaselineCheckFile.Parse(System.Text.Encoding.UTF8.GetString(bytes), errors);
        }
        catch (InvalidDataException ex)
        {
            Interlocked.Increment(ref _malformed);
            report(DiagnosticSeverity.Warning, $"OSBaseline: custom checks file {settings.FilePath} is not a checks file ({ex.Message}); custom checks skipped");
            return null;
        }
        if (errors.Count > 0)
        {
            Interlocked.Add(ref _malformed, errors.Count);
            report(DiagnosticSeverity.Warning, $"OSBaseline: custom checks skipped as invalid: {string.Join("; ", errors)}");
        }
        return checks;
    }

    private static OSBaselinePayload ToItem(BaselineOutcome outcome) => new()
    {
        Description = outcome.Check.Description,
        CceId = outcome.Check.CceId ?? string.Empty,
        Result = outcome.Result,
        Error = outcome.Error,
        Severity = outcome.Check.Severity,
        ExtraDetails = new Dictionary<string, string>(StringComparer.Ordinal) { ["CheckId"] = outcome.Check.Id },
    };
}
