namespace SecurityAgent.Core.Events;

/// <summary>The outcome of an OS baseline check.</summary>
public enum BaselineResult
{
    /// <summary>Pass.</summary>
    Pass,

    /// <summary>Fail.</summary>
    Fail,

    /// <summary>Err.</summary>
    Err,
}
