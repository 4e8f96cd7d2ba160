namespace SecurityAgent.Core.Events;

/// <summary>The outcome of a login attempt.</summary>
public enum LoginResult
{
    /// <summary>Fail.</summary>
    Fail,

    /// <summary>Success.</summary>
    Success,
}
