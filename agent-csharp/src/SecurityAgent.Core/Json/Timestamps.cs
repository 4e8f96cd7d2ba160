namespace SecurityAgent.Core.Json;

/// <summary>Formats canonical timestamps: milliseconds, truncated; <c>Z</c> or a numeric offset.</summary>
internal static class Timestamps
{
    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (24 bytes); returns the count.</summary>
    public static int WriteUtc(DateTimeOffset utc, Span<byte> destination)
    {
        var n = WriteDateTime(utc.UtcDateTime, destination);
        destination[n] = (byte)'Z';
        return n + 1;
    }

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss.fff+hh:mm</c> (29 bytes); returns the count.</summary>
    public static int WriteLocal(DateTimeOffset utc, TimeSpan offset, Span<byte> destination)
    {
        var local = utc.UtcDateTime + offset;
        var n = WriteDateTime(local, destination);
        var minutes = (int)offset.TotalMinutes;
        destination[n++] = minutes < 0 ? (byte)'-' : (byte)'+';
        minutes = Math.Abs(minutes);
        Two(minutes / 60, destination[n..]);
        destination[n + 2] = (byte)':';
        Two(minutes % 60, destination[(n + 3)..]);
        return n + 5;
    }

    /// <summary>The UTC form as a string (for ExtraDetails values).</summary>
    public static string FormatUtc(DateTimeOffset utc)
    {
        Span<byte> buffer = stackalloc byte[32];
        var n = WriteUtc(utc, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..n]);
    }

    /// <summary>The local form as a string (for ExtraDetails values).</summary>
    public static string FormatLocal(DateTimeOffset utc, TimeSpan offset)
    {
        Span<byte> buffer = stackalloc byte[32];
        var n = WriteLocal(utc, offset, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..n]);
    }

    private static int WriteDateTime(DateTime t, Span<byte> d)
    {
        Four(t.Year, d);
        d[4] = (byte)'-';
        Two(t.Month, d[5..]);
        d[7] = (byte)'-';
        Two(t.Day, d[8..]);
        d[10] = (byte)'T';
        Two(t.Hour, d[11..]);
        d[13] = (byte)':';
        Two(t.Minute, d[14..]);
        d[16] = (byte)':';
        Two(t.Second, d[17..]);
        d[19] = (byte)'.';
        var ms = t.Millisecond;
        d[20] = (byte)('0' + ms / 100);
        d[21] = (byte)('0' + ms / 10 % 10);
        d[22] = (byte)('0' + ms % 10);
        return 23;
    }

    private static void Two(int v, Span<byte> d)
    {
        d[0] = (byte)('0' + v / 10);
        d[1] = (byte)('0' + v % 10);
    }

    private static void Four(int v, Span<byte> d)
    {
        d[0] = (byte)('0' + v / 1000);
        d[1] = (byte)('0' + v / 100 % 10);
        d[2] = (byte)('0' + v / 10 % 10);
        d[3] = (byte)('0' + v % 10);
    }
}
