namespace SecurityAgent.Core.Configuration;

/// <summary>The value type of a twin configuration key.</summary>
internal enum KeyKind
{
    Duration,
    Priority,
    Boolean,
    Integer,
    Text,
    Sha256,
    Severity,
}
