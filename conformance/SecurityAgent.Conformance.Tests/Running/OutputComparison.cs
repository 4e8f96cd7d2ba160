using System.Text;

namespace SecurityAgent.Conformance.Tests.Running;

/// <summary>Compares two runs output by output; on the first difference, describes both sides and the first differing byte.</summary>
internal static class OutputComparison
{
    private const int Context = 60;

    /// <summary>Null when the runs are identical, else a report for a failing assertion.</summary>
    public static string? Difference(string leftName, IReadOnlyList<Output> left, string rightName, IReadOnlyList<Output> right)
    {
        for (var i = 0; i < Math.Max(left.Count, right.Count); i++)
        {
            var a = i < left.Count ? left[i] : null;
            var b = i < right.Count ? right[i] : null;
            if (a is not null && b is not null && a.SameAs(b))
            {
                continue;
            }

            var report = new StringBuilder();
            report.AppendLine($"Output {i} differs.");
            report.AppendLine($"{leftName}: {a?.ToString() ?? "(no output)"}");
            report.AppendLine($"{rightName}: {b?.ToString() ?? "(no output)"}");
            if (a is not null && b is not null)
            {
                report.Append(FirstDifferingByte(leftName, a.Bytes, rightName, b.Bytes));
            }

            report.AppendLine($"--- {leftName}, in full:");
            report.AppendLine(a is null ? "(none)" : Show(a.Bytes));
            report.AppendLine($"--- {rightName}, in full:");
            report.AppendLine(b is null ? "(none)" : Show(b.Bytes));
            return report.ToString();
        }

        return null;
    }

    /// <summary>The offset of the first differing byte and the bytes around it on both sides.</summary>
    public static string FirstDifferingByte(string leftName, byte[] left, string rightName, byte[] right)
    {
        var at = left.AsSpan().CommonPrefixLength(right);
        if (at == left.Length && at == right.Length)
        {
            return "The bytes are identical." + Environment.NewLine;
        }

        var from = Math.Max(0, at - Context);
        var report = new StringBuilder();
        report.AppendLine($"First differing byte at offset {at} (lengths {left.Length} and {right.Length}):");
        report.AppendLine($"  {leftName,-3} {Around(left, from, at)}");
        report.AppendLine($"  {rightName,-3} {Around(right, from, at)}");
        return report.ToString();
    }

    private static string Around(byte[] bytes, int from, int at)
    {
        if (at >= bytes.Length)
        {
            return $"...{Show(bytes[from..])}<end>";
        }

        var to = Math.Min(bytes.Length, at + Context);
        return $"...{Show(bytes[from..at])}[{bytes[at]:x2}]{Show(bytes[(at + 1)..to])}...";
    }

    /// <summary>Bytes as text, with invalid UTF-8 and controls shown as \xNN so that nothing is hidden.</summary>
    public static string Show(byte[] bytes)
    {
        var text = new StringBuilder();
        var decoder = new UTF8Encoding(false, true);
        var i = 0;
        while (i < bytes.Length)
        {
            var length = SequenceLength(bytes, i);
            if (length == 0 || bytes[i] < 0x20)
            {
                text.Append($"\\x{bytes[i]:x2}");
                i++;
                continue;
            }

            text.Append(decoder.GetString(bytes, i, length));
            i += length;
        }

        return text.ToString();
    }

    private static int SequenceLength(byte[] bytes, int i)
    {
        for (var n = 1; n <= 4 && i + n <= bytes.Length; n++)
        {
            if (System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(i, n)))
            {
                return n;
            }
        }

        return 0;
    }
}
