using Microsoft.Extensions.Logging;

namespace SecurityAgent.Configuration;

/// <summary>The agent's own log.</summary>
/// <param name="Level">The lowest level written.</param>
/// <param name="DiagnosticEventsLevel">The lowest level sent as Diagnostic events (until the twin says otherwise).</param>
/// <param name="Destination">console, syslog, eventLog or file.</param>
/// <param name="FilePath">The log file, with destination file.</param>
public sealed record LoggingSettings(LogLevel Level, LogLevel DiagnosticEventsLevel, string Destination, string? FilePath);
