using System.Text;

namespace SecurityAgent.Core.Aggregation;

/// <summary>
/// Equality and hashing of text as it will be written (schemas/CANONICAL.md §4): lone surrogates
/// repaired to U+FFFD, then cut to the byte limit with an ellipsis. Identity keys compare these
/// forms (docs/core-rules.md §3), so that two values written alike are one key. No allocation:
/// text that is written as is takes the ordinal path; other text is formed on the stack.
/// </summary>
internal static class WrittenText
{
    private const char Ellipsis = '\u2026';

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> are written as the same bytes (null equals only null).</summary>
    public static bool Equals(string? a, string? b, int limit)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null)
        {
            return false;
        }

        if (IsVerbatim(a, limit) && IsVerbatim(b, limit))
        {
            return string.Equals(a, b, StringComparison.Ordinal);
        }

        Span<char> x = stackalloc char[limit];
        Span<char> y = stackalloc char[limit];
        return Form(a, limit, x).SequenceEqual(Form(b, limit, y));
    }

    /// <summary>A hash of the written form, equal to the ordinal hash of text written as is (0 for null).</summary>
    public static int GetHashCode(string? s, int limit)
    {
        if (s is null)
        {
            return 0;
        }

        if (IsVerbatim(s, limit))
        {
            return string.GetHashCode(s.AsSpan());
        }

        Span<char> buffer = stackalloc char[limit];
        return string.GetHashCode(Form(s, limit, buffer));
    }

    /// <summary>
    /// Written as is: no surrogate, and short enough that its UTF-8 (at most 3 bytes per UTF-16
    /// unit) cannot exceed the limit.
    /// </summary>
    private static bool IsVerbatim(string s, int limit) =>
        s.Length <= limit / 3 && s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0;

    /// <summary>The written form in UTF-16 (at most <paramref name="limit"/> units, as it has at most that many UTF-8 bytes).</summary>
    private static ReadOnlySpan<char> Form(string s, int limit, Span<char> buffer)
    {
        var chars = s.AsSpan();
        var bytes = 0;
        var written = 0;
        var cut = 0;
        while (!chars.IsEmpty)
        {
            // A lone surrogate decodes as U+FFFD, consuming one unit: the repair of CANONICAL.md §4.1.
            Rune.DecodeFromUtf16(chars, out var rune, out var consumed);
            chars = chars[consumed..];
            bytes += rune.Utf8SequenceLength;
            if (bytes > limit)
            {
                buffer[cut] = Ellipsis;
                return buffer[..(cut + 1)];
            }

            written += rune.EncodeToUtf16(buffer[written..]);
            if (bytes <= limit - 3)
            {
                cut = written;
            }
        }

        return buffer[..written];
    }
}
