namespace SecurityAgent.Collectors.Linux.Audit;

/// <summary>
/// One audit record: its type number, the event it belongs to (timestamp and serial), and its
/// fields. Quoted values are unquoted; the single-quoted msg='...' of user-space records is
/// flattened into the same fields (the outer pid and uid win).
/// </summary>
/// <param name="Type">The record type (1300 SYSCALL, 1306 SOCKADDR, 1112 USER_LOGIN, ...).</param>
/// <param name="Timestamp">The event time.</param>
/// <param name="Serial">The event serial: records of one event share it.</param>
/// <param name="Fields">The fields, in order of first appearance.</param>
internal sealed record AuditRecord(int Type, DateTimeOffset Timestamp, ulong Serial, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>A field, or null.</summary>
    public string? this[string key] => Fields.GetValueOrDefault(key);

    /// <summary>
    /// The record's text as received (from "audit(" on), for readers that need what the fields
    /// lose: whether a value was quoted (a literal) or not (hex, for untrusted strings).
    /// </summary>
    public string Text { get; init; } = string.Empty;
}
