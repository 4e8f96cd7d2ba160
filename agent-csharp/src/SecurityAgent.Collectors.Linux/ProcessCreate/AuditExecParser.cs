using System.Buffers;
using System.Globalization;
using System.Text;
using SecurityAgent.Collectors.Linux.Audit;

namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>
/// Reads one audit event (SYSCALL + EXECVE, with CWD, PATH and PROCTITLE ignored) of a successful
/// execve or execveat (named by the record's own arch= and syscall=) into an <see cref="AuditExec"/>. The arguments come from EXECVE records:
/// <c>argc</c>, then <c>aN="literal"</c> or <c>aN=HEX</c> (the kernel hex-encodes an argument
/// holding a space, a quote or a control character), or for a long argument <c>aN_len=L</c> and
/// its chunks <c>aN[i]=...</c>; a large command line spans several EXECVE records.
/// </summary>
internal static class AuditExecParser
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789ABCDEFabcdef");

    /// <summary>
    /// The exec of <paramref name="records"/>, or null when the event is not a successful exec.
    /// An exec event without pid, ppid, uid or EXECVE record is counted in <paramref name="malformed"/>.
    /// </summary>
    public static AuditExec? Parse(IReadOnlyList<AuditRecord> records, ref long malformed)
    {
        AuditRecord? syscall = null;
        var execve = 0;
        foreach (var r in records)
        {
            if (r.Type == AuditRecordType.Syscall)
            {
                syscall = r;
            }
            else if (r.Type == AuditRecordType.Execve)
            {
                execve++;
            }
        }
        if (syscall is null
            || AuditSyscall.NameOf(syscall.RawField("arch"), syscall.RawField("syscall"), [], out _) is not (AuditSyscall.Execve or AuditSyscall.Execveat)
            || !syscall.RawField("success").SequenceEqual("yes"))
        {
            return null;
        }
        if (execve == 0
            || !uint.TryParse(syscall.RawField("pid"), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !uint.TryParse(syscall.RawField("ppid"), NumberStyles.None, CultureInfo.InvariantCulture, out var ppid)
            || !uint.TryParse(syscall.RawField("uid"), NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
        {
            malformed++;
            return null;
        }
        var exe = syscall.RawField("exe");
        var executable = exe.IsEmpty || exe.SequenceEqual("(null)") ? null : Value(exe);
        return new AuditExec(pid, ppid, uid, executable, CommandLine(records));
    }

    /// <summary>The arguments of the EXECVE records of one event, joined by spaces.</summary>
    public static string CommandLine(IReadOnlyList<AuditRecord> records)
    {
        string?[]? args = null;
        Dictionary<int, StringBuilder>? chunked = null;
        foreach (var r in records)
        {
            if (r.Type != AuditRecordType.Execve)
            {
                continue;
            }
            var text = r.FieldText;
            foreach (var range in text.Split(' '))
            {
                var token = text[range];
                var eq = token.IndexOf('=');
                if (eq <= 0)
                {
                    continue;
                }
                var key = token[..eq];
                var value = token[(eq + 1)..];
                if (key.SequenceEqual("argc"))
                {
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var argc) && argc is >= 0 and <= 1 << 20)
                    {
                        args ??= new string?[argc];
                    }
                    continue;
                }
                if (key.Length < 2 || key[0] != 'a' || !char.IsAsciiDigit(key[1]))
                {
                    continue;
                }
                var digits = key[1..];
                var end = digits.IndexOfAnyExcept(Digits);
                var indexText = end < 0 ? digits : digits[..end];
                if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || args is null || index >= args.Length)
                {
                    continue;
                }
                var rest = end < 0 ? [] : digits[end..];
                if (rest.IsEmpty)
                {
                    args[index] = Value(value);
                }
                else if (rest[0] == '[')
                {
                    chunked ??= [];
                    if (!chunked.TryGetValue(index, out var builder))
                    {
                        chunked[index] = builder = new StringBuilder();
                    }
                    builder.Append(Value(value));
                }
            }
        }
        if (args is null)
        {
            return string.Empty;
        }
        if (chunked is not null)
        {
            foreach (var (index, builder) in chunked)
            {
                args[index] ??= builder.ToString();
            }
        }
        return string.Join(' ', args.Where(a => a is not null));
    }

    /// <summary>A quoted value is the literal between the quotes; an unquoted one is hex.</summary>
    private static string Value(ReadOnlySpan<char> value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            return value[1..^1].ToString();
        }
        if (value.Length % 2 != 0 || value.ContainsAnyExcept(HexDigits))
        {
            return value.ToString();
        }
        var bytes = value.Length <= 512 ? stackalloc byte[value.Length / 2] : new byte[value.Length / 2];
        return Convert.FromHexString(value, bytes, out _, out _) == OperationStatus.Done ? Utf8.GetString(bytes) : value.ToString();
    }
}
