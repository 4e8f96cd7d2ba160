using Microsoft.Extensions.Logging;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Pipeline;

/// <summary>The agent log's levels and the Diagnostic event's severities, both ways.</summary>
internal static class DiagnosticLogLevels
{
    public static LogLevel ToLogLevel(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Fatal => LogLevel.Critical,
        DiagnosticSeverity.Error => LogLevel.Error,
        DiagnosticSeverity.Warning => LogLevel.Warning,
        DiagnosticSeverity.Information => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    public static DiagnosticSeverity ToSeverity(LogLevel level) => level switch
    {
        LogLevel.Critical => DiagnosticSeverity.Fatal,
        LogLevel.Error => DiagnosticSeverity.Error,
        LogLevel.Warning => DiagnosticSeverity.Warning,
        LogLevel.Information => DiagnosticSeverity.Information,
        _ => DiagnosticSeverity.Debug,
    };
}
