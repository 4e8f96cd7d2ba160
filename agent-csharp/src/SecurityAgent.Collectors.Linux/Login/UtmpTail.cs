namespace SecurityAgent.Collectors.Linux.Login;

/// <summary>
/// Follows one login accounting file: each <see cref="Read"/> returns the whole records appended
/// since the last one. Starts at the end of the file (history is not reported); a file that
/// shrank was rotated or truncated and is read again from its start.
/// </summary>
/// <remarks>Not thread-safe: one poller uses it.</remarks>
internal sealed class UtmpTail
{
    private const int MaxReadBytes = UtmpParser.RecordLength * 4096;
    private readonly string _path;
    private long _offset;

    /// <summary>Follows <paramref name="path"/>, from its current end unless <paramref name="fromStart"/>.</summary>
    public UtmpTail(string path, bool fromStart)
    {
        _path = path;
        _offset = fromStart ? 0 : LengthOf(path) / UtmpParser.RecordLength * UtmpParser.RecordLength;
    }

    /// <summary>Records skipped as malformed so far.</summary>
    public long Malformed { get; private set; }

    /// <summary>Reads the records appended since the last call (a partial last record waits for the next call).</summary>
    public List<UtmpRecord> Read()
    {
        var records = new List<UtmpRecord>();
        var length = LengthOf(_path);
        if (length < _offset)
        {
            _offset = 0;
        }
        if (length - _offset < UtmpParser.RecordLength)
        {
            return records;
        }
        try
        {
            using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Position = _offset;
            var buffer = new byte[(int)Math.Min(length - _offset, MaxReadBytes)];
            var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            long malformed = 0;
            _offset += UtmpParser.Parse(buffer.AsSpan(0, n), records, ref malformed);
            Malformed += malformed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return records;
    }

    private static long LengthOf(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? info.Length : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
