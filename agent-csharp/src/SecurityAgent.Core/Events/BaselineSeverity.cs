namespace SecurityAgent.Core.Events;

/// <summary>The severity of an OS baseline check.</summary>
public enum BaselineSeverity
{
    /// <summary>Critical.</summary>
    Critical,

    /// <summary>Important.</summary>
    Important,

    /// <summary>Warning.</summary>
    Warning,

    /// <summary>Informational.</summary>
    Informational,
}
