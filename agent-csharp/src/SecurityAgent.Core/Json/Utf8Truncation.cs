namespace SecurityAgent.Core.Json;

/// <summary>Cuts valid UTF-8 at a code point boundary so that an ellipsis fits in the limit.</summary>
internal static class Utf8Truncation
{
    /// <summary>U+2026 HORIZONTAL ELLIPSIS in UTF-8.</summary>
    public static ReadOnlySpan<byte> Ellipsis => [0xE2, 0x80, 0xA6];

    /// <summary>
    /// The length of the prefix to keep: all of <paramref name="utf8"/> when it fits in
    /// <paramref name="limit"/>, otherwise the longest prefix of whole code points of at most
    /// <c>limit - 3</c> bytes, and <paramref name="ellipsis"/> is set.
    /// </summary>
    public static int TruncatedLength(ReadOnlySpan<byte> utf8, int limit, out bool ellipsis)
    {
        if (utf8.Length <= limit)
        {
            ellipsis = false;
            return utf8.Length;
        }

        ellipsis = true;
        var cut = Math.Max(0, limit - 3);
        // Step back over continuation bytes (10xxxxxx) to the start of a code point.
        while (cut > 0 && (utf8[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return cut;
    }
}
