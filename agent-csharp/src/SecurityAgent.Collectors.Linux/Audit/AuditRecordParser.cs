using System.Globalization;

namespace SecurityAgent.Collectors.Linux.Audit;

/// <summary>
/// Parses audit record text, as the kernel sends it over netlink ("audit(1712.123:45): a=b ...",
/// the type in the netlink header) or as a log line ("type=SYSCALL msg=audit(...): a=b ...").
/// Returns false for text that is not a record (no audit(...) stamp, or truncated before it).
/// </summary>
internal static class AuditRecordParser
{
    /// <summary>Parses the text of a netlink audit message of type <paramref name="type"/>.</summary>
    public static bool TryParse(int type, ReadOnlySpan<char> text, out AuditRecord record) => TryParse(type, text.ToString(), out record);

    /// <summary>Parses the text of a netlink audit message of type <paramref name="type"/>; the record keeps <paramref name="text"/>.</summary>
    public static bool TryParse(int type, string text, out AuditRecord record)
    {
        record = null!;
        var end = text.AsSpan().TrimEnd('\0').TrimEnd();
        var start = end.Length - end.TrimStart().Length;
        var trimmed = end[start..];
        if (!trimmed.StartsWith("audit("))
        {
            return false;
        }
        var close = trimmed.IndexOf("):");
        if (close < 0)
        {
            return false;
        }
        var stamp = trimmed[6..close];
        var colon = stamp.IndexOf(':');
        if (colon < 0
            || !decimal.TryParse(stamp[..colon], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || !ulong.TryParse(stamp[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var serial)
            || seconds > 253402300799m)
        {
            return false;
        }
        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        var fieldsStart = start + close + 2;
        record = new AuditRecord(type, time, serial, text, fieldsStart, end.Length - fieldsStart);
        return true;
    }

    /// <summary>Splits the fields of a record (the text after "audit(...): ").</summary>
    public static Dictionary<string, string> Fields(ReadOnlySpan<char> text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        Tokenize(text, fields, overwrite: true);
        return fields;
    }

    /// <summary>Parses one audit log line ("type=NAME msg=audit(...): ...").</summary>
    public static bool TryParseLogLine(string line, out AuditRecord record)
    {
        record = null!;
        if (!line.StartsWith("type=", StringComparison.Ordinal))
        {
            return false;
        }
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var msg = line.IndexOf("msg=", StringComparison.Ordinal);
        if (space < 0 || msg < 0)
        {
            return false;
        }
        var type = AuditRecordType.FromName(line[5..space]);
        return type >= 0 && TryParse(type, line[(msg + 4)..], out record);
    }

    /// <summary>Decodes an audit value that the kernel hex-encoded (untrusted strings); plain text is returned as is.</summary>
    public static string DecodeHex(string value)
    {
        if (value.Length == 0 || value.Length % 2 != 0 || value == "(null)")
        {
            return value;
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigitUpper(c) && !char.IsAsciiDigit(c))
            {
                return value;
            }
        }
        var bytes = Convert.FromHexString(value);
        return new System.Text.UTF8Encoding(false, false).GetString(bytes).Replace('\0', ' ').TrimEnd();
    }

    private static void Tokenize(ReadOnlySpan<char> text, Dictionary<string, string> fields, bool overwrite)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }
            var eq = text[i..].IndexOf('=');
            if (eq <= 0)
            {
                return;
            }
            var key = text.Slice(i, eq).ToString();
            if (key.Contains(' ', StringComparison.Ordinal))
            {
                // A bare word without '=': skip to the next token.
                i += key.IndexOf(' ', StringComparison.Ordinal) + 1;
                continue;
            }
            i += eq + 1;
            string value;
            if (i < text.Length && text[i] is '"' or '\'')
            {
                var quote = text[i];
                var end = text[(i + 1)..].IndexOf(quote);
                var inner = end < 0 ? text[(i + 1)..] : text.Slice(i + 1, end);
                i = end < 0 ? text.Length : i + end + 2;
                if (quote == '\'' && key == "msg")
                {
                    Tokenize(inner, fields, overwrite: false);
                    continue;
                }
                value = inner.ToString();
            }
            else
            {
                var end = text[i..].IndexOf(' ');
                value = (end < 0 ? text[i..] : text.Slice(i, end)).ToString();
                i = end < 0 ? text.Length : i + end;
            }
            if (overwrite || !fields.ContainsKey(key))
            {
                fields[key] = value;
            }
        }
    }
}
