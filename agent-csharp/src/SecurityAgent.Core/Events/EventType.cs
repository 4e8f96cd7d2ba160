namespace SecurityAgent.Core.Events;

/// <summary>The kind of an event.</summary>
public enum EventType
{
    /// <summary>Security.</summary>
    Security,

    /// <summary>Operational.</summary>
    Operational,

    /// <summary>Diagnostic.</summary>
    Diagnostic,
}
