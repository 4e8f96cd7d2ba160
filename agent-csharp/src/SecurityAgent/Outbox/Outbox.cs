using System.Globalization;
using SecurityAgent.Storage;

namespace SecurityAgent.Outbox;

/// <summary>
/// Messages on disk between the message builder and the transport: each built message is written
/// (and synced) before it is sent, and removed only after its PUBACK. Bounded by
/// <see cref="OutboxOptions.MaxSizeInBytes"/>: when full, the oldest Low-priority messages go
/// first, then the oldest High ones, each counted. Crash-safe: a message is written to a temporary
/// file, synced, renamed and the folder synced; on <see cref="Open"/> leftover temporary files are
/// removed, and torn or corrupt records (see <see cref="OutboxRecord"/>) are removed and counted.
/// </summary>
/// <remarks>Thread-safe: every member takes one lock. The record format is in <c>docs/outbox.md</c>.</remarks>
public sealed class Outbox
{
    private const string RecordExtension = ".msg";
    private const string TemporaryExtension = ".tmp";

    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly long _maxSizeInBytes;
    private readonly SortedDictionary<ulong, OutboxEntry> _pending = new();
    private long _pendingBytes;
    private ulong _nextSequence = 1;
    private long _evictedHigh;
    private long _evictedLow;
    private long _corruptRecords;
    private long _writeFailures;

    private Outbox(string directory, long maxSizeInBytes)
    {
        _directory = directory;
        _maxSizeInBytes = maxSizeInBytes;
    }

    /// <summary>Opens (or creates) the outbox and recovers what a previous run left, in order.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="IOException">The folder cannot be created or listed.</exception>
    public static Outbox Open(OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var directory = PrivateFiles.CreateDirectory(options.Directory);

        var outbox = new Outbox(directory, options.MaxSizeInBytes);
        outbox.Recover();
        return outbox;
    }

    /// <summary>The messages waiting for their PUBACK, oldest first.</summary>
    public IReadOnlyList<OutboxEntry> Pending
    {
        get
        {
            lock (_gate)
                return [.. _pending.Values];
        }
    }

    /// <summary>What the outbox holds and what it lost since it was opened.</summary>
    public OutboxStatistics Statistics
    {
        get
        {
            lock (_gate)
                return new OutboxStatistics(_pending.Count, _pendingBytes, _evictedHigh, _evictedLow, _corruptRecords, _writeFailures);
        }
    }

    /// <summary>
    /// Stores a message durably. Older messages are evicted first when it would not fit (oldest
    /// Low, then oldest High); a message larger than the whole budget is refused.
    /// </summary>
    /// <param name="payload">The message body.</param>
    /// <param name="messageId">Its id (a 36-character UUID), as sent in <c>$.mid</c>.</param>
    /// <param name="priority">The priority it was built for.</param>
    public OutboxAppendResult Append(ReadOnlySpan<byte> payload, string messageId, MessagePriority priority)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        lock (_gate)
        {
            long size = payload.Length;
            if (size > _maxSizeInBytes)
                return new OutboxAppendResult(OutboxAppendStatus.TooLarge, null, [],
                    $"a {size}-byte message exceeds the outbox budget of {_maxSizeInBytes} bytes");

            var evicted = MakeRoom(size);
            var sequence = _nextSequence++;
            var record = OutboxRecord.Encode(sequence, messageId, priority, payload);
            var error = WriteDurably(sequence, record);
            if (error is not null)
            {
                _writeFailures++;
                return new OutboxAppendResult(OutboxAppendStatus.WriteFailed, null, evicted, error);
            }

            var entry = new OutboxEntry(sequence, messageId, priority, payload.Length);
            _pending.Add(sequence, entry);
            _pendingBytes += entry.SizeInBytes;
            return new OutboxAppendResult(OutboxAppendStatus.Stored, entry, evicted);
        }
    }

    /// <summary>
    /// Reads a pending message for sending. Null when its record has become unreadable or corrupt
    /// since it was written; it is then removed and counted in <see cref="OutboxStatistics.CorruptRecords"/>.
    /// </summary>
    public byte[]? ReadPayload(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (!_pending.ContainsKey(entry.Sequence))
                return null;
            var path = RecordPath(entry.Sequence);
            byte[] record;
            try
            {
                record = File.ReadAllBytes(path);
            }
            catch (IOException)
            {
                DropCorrupt(entry);
                return null;
            }
            if (!OutboxRecord.TryDecode(record, out var stored, out var payload, out _) || stored!.Sequence != entry.Sequence)
            {
                DropCorrupt(entry);
                return null;
            }
            return payload.ToArray();
        }
    }

    /// <summary>Removes a message after its PUBACK. Removing one already gone does nothing.</summary>
    public void Remove(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (!_pending.Remove(entry.Sequence, out var removed))
                return;
            _pendingBytes -= removed.SizeInBytes;
            DeleteRecord(entry.Sequence);
            DirectorySync.Sync(_directory);
        }
    }

    private void Recover()
    {
        var changed = false;
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (path.EndsWith(TemporaryExtension, StringComparison.Ordinal))
            {
                // A write that never reached its rename: the message was never acknowledged as stored.
                File.Delete(path);
                changed = true;
            }
            else if (path.EndsWith(RecordExtension, StringComparison.Ordinal))
            {
                changed |= !RecoverRecord(path);
            }
        }

        // The budget may have shrunk since the last run.
        changed |= MakeRoom(0).Count > 0;
        if (_pending.Count > 0)
            _nextSequence = _pending.Keys.Max() + 1;
        if (changed)
            DirectorySync.Sync(_directory);
    }

    /// <summary>Adds a record found on disk; false (and the file removed) when it is corrupt.</summary>
    private bool RecoverRecord(string path)
    {
        var named = ulong.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.AllowHexSpecifier,
            CultureInfo.InvariantCulture, out var sequence);
        byte[] record;
        try
        {
            record = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            record = [];
        }
        if (named && OutboxRecord.TryDecode(record, out var entry, out _, out _) && entry!.Sequence == sequence
            && _pending.TryAdd(sequence, entry))
        {
            _pendingBytes += entry.SizeInBytes;
            return true;
        }
        _corruptRecords++;
        File.Delete(path);
        return false;
    }

    /// <summary>Evicts until <paramref name="size"/> more bytes fit: the oldest Low first, then the oldest High.</summary>
    private List<OutboxEntry> MakeRoom(long size)
    {
        var evicted = new List<OutboxEntry>();
        while (_pending.Count > 0 && _pendingBytes + size > _maxSizeInBytes)
        {
            var victim = _pending.Values.FirstOrDefault(e => e.Priority == MessagePriority.Low) ?? _pending.Values.First();
            _pending.Remove(victim.Sequence);
            _pendingBytes -= victim.SizeInBytes;
            if (victim.Priority == MessagePriority.Low)
                _evictedLow++;
            else
                _evictedHigh++;
            DeleteRecord(victim.Sequence);
            evicted.Add(victim);
        }
        return evicted;
    }

    private void DropCorrupt(OutboxEntry entry)
    {
        _pending.Remove(entry.Sequence);
        _pendingBytes -= entry.SizeInBytes;
        _corruptRecords++;
        DeleteRecord(entry.Sequence);
    }

    /// <summary>Temporary file, write, fsync, rename, fsync the folder. Returns the error, or null.</summary>
    private string? WriteDurably(ulong sequence, byte[] record)
    {
        var path = RecordPath(sequence);
        var temporary = path + TemporaryExtension;
        try
        {
            File.Delete(temporary);
            using (var stream = new FileStream(temporary, PrivateFiles.NewFile(FileMode.CreateNew)))
            {
                stream.Write(record);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path);
            DirectorySync.Sync(_directory);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return $"cannot write {path}: {ex.Message}";
        }
    }

    private void DeleteRecord(ulong sequence) => TryDelete(RecordPath(sequence));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the next Open, which removes what it cannot read.
        }
    }

    private string RecordPath(ulong sequence) =>
        Path.Combine(_directory, sequence.ToString("x16", CultureInfo.InvariantCulture) + RecordExtension);
}
