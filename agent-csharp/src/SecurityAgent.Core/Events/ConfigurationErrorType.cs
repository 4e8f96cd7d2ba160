namespace SecurityAgent.Core.Events;

/// <summary>The kind of a twin configuration problem.</summary>
public enum ConfigurationErrorType
{
    /// <summary>TypeMismatch.</summary>
    TypeMismatch,

    /// <summary>NotOptimal.</summary>
    NotOptimal,

    /// <summary>Conflict.</summary>
    Conflict,
}
