namespace SecurityAgent.Core.Messages;

/// <summary>
/// An event in its final canonical JSON form, waiting in a queue. The id is patched into
/// <see cref="Bytes"/> at <see cref="IdOffset"/> when the event is accepted.
/// </summary>
internal sealed class SerializedEvent(byte[] bytes, int idOffset, long hits)
{
    /// <summary>The event's canonical JSON.</summary>
    public byte[] Bytes { get; } = bytes;

    /// <summary>Where the 36 characters of the id start in <see cref="Bytes"/>.</summary>
    public int IdOffset { get; } = idOffset;

    /// <summary>How many raw events this event stands for (the hit count of an aggregated event, else 1).</summary>
    public long Hits { get; } = hits;

    /// <summary>The size in bytes that counts against budgets.</summary>
    public int Size => Bytes.Length;
}
