namespace SecurityAgent.Core.Events;

/// <summary>The severity of an agent log record, lowest first.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Debug.</summary>
    Debug,

    /// <summary>Information.</summary>
    Information,

    /// <summary>Warning.</summary>
    Warning,

    /// <summary>Error.</summary>
    Error,

    /// <summary>Fatal.</summary>
    Fatal,
}
