using Microsoft.Extensions.Logging;
using SecurityAgent.Core;

namespace SecurityAgent.Pipeline;

/// <summary>
/// Offers every line of the agent's own log at or above a level to the core, which turns those
/// above the configured severity into Diagnostic events. Lines written before the pipeline
/// exists are not offered.
/// </summary>
internal sealed class DiagnosticLoggerProvider(LogLevel minimum, TimeProvider timeProvider) : ILoggerProvider
{
    private readonly LogLevel _minimum = minimum;
    private readonly TimeProvider _timeProvider = timeProvider;
    private volatile AgentPipeline? _pipeline;

    /// <summary>Starts forwarding to <paramref name="pipeline"/>.</summary>
    public void Attach(AgentPipeline pipeline) => _pipeline = pipeline;

    public ILogger CreateLogger(string categoryName) => new ForwardingLogger(this);

    public void Dispose() => _pipeline = null;

    private sealed class ForwardingLogger(DiagnosticLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel != LogLevel.None && logLevel >= provider._minimum && provider._pipeline is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || provider._pipeline is not { } pipeline)
                return;
            var message = formatter(state, exception);
            if (exception is not null)
                message += ": " + exception.Message;
            pipeline.SubmitLog(new LogRecord(
                provider._timeProvider.GetUtcNow(),
                DiagnosticLogLevels.ToSeverity(logLevel),
                message,
                (uint)Environment.ProcessId,
                (uint)Environment.CurrentManagedThreadId));
        }
    }
}
