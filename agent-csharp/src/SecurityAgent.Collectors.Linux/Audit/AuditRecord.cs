namespace SecurityAgent.Collectors.Linux.Audit;

/// <summary>
/// One audit record: its type number, the event it belongs to (timestamp and serial), and its
/// fields. Quoted values are unquoted; the single-quoted msg='...' of user-space records is
/// flattened into the same fields (the outer pid and uid win). The fields are split out of the
/// text only when first asked for: a reader that needs a few (or reads <see cref="FieldText"/>
/// itself) does not pay for a dictionary of thirty.
/// </summary>
/// <remarks>Not thread-safe for the first read of <see cref="Fields"/>; the hub hands records to one thread.</remarks>
internal sealed class AuditRecord
{
    private readonly string _text;
    private readonly int _fieldsStart;
    private readonly int _fieldsLength;
    private Dictionary<string, string>? _fields;

    /// <summary>Creates a record whose fields are <paramref name="text"/>[<paramref name="fieldsStart"/>..+<paramref name="fieldsLength"/>].</summary>
    public AuditRecord(int type, DateTimeOffset timestamp, ulong serial, string text, int fieldsStart, int fieldsLength)
    {
        Type = type;
        Timestamp = timestamp;
        Serial = serial;
        _text = text;
        _fieldsStart = fieldsStart;
        _fieldsLength = fieldsLength;
    }

    /// <summary>The record type (1300 SYSCALL, 1306 SOCKADDR, 1112 USER_LOGIN, ...).</summary>
    public int Type { get; }

    /// <summary>The event time.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The event serial: records of one event share it.</summary>
    public ulong Serial { get; }

    /// <summary>
    /// The text after "audit(...): ", as received, for readers that need what the fields lose:
    /// whether a value was quoted (a literal) or not (hex, for untrusted strings).
    /// </summary>
    public ReadOnlySpan<char> FieldText => _text.AsSpan(_fieldsStart, _fieldsLength);

    /// <summary>The fields, in order of first appearance.</summary>
    public IReadOnlyDictionary<string, string> Fields => _fields ??= AuditRecordParser.Fields(FieldText);

    /// <summary>A field, or null.</summary>
    public string? this[string key] => Fields.GetValueOrDefault(key);

    /// <summary>
    /// The value of the first field named <paramref name="key"/> as written (quotes kept), found
    /// by scanning <see cref="FieldText"/> without splitting the rest; empty when absent. For
    /// kernel syscall records, whose values hold no spaces (the kernel hex-encodes those that would).
    /// </summary>
    public ReadOnlySpan<char> RawField(ReadOnlySpan<char> key)
    {
        var text = FieldText;
        while (!text.IsEmpty)
        {
            var space = text.IndexOf(' ');
            var token = space < 0 ? text : text[..space];
            text = space < 0 ? [] : text[(space + 1)..];
            if (token.Length > key.Length && token[key.Length] == '=' && token.StartsWith(key, StringComparison.Ordinal))
            {
                return token[(key.Length + 1)..];
            }
        }
        return [];
    }
}
