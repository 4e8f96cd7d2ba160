using SecurityAgent.Core.Events;
using SecurityAgent.Core.Json;
using SecurityAgent.Core.Queues;

namespace SecurityAgent.Core.Messages;

/// <summary>
/// Builds one message body from the queues (docs/core-rules.md §5): Operational events first,
/// then the path's queue, then piggyback from the other, each queue from its head while the
/// message stays within the size limit. A head event too big for any message is dropped and
/// counted, so it never blocks the queue behind it.
/// </summary>
/// <remarks>Not thread-safe: it reuses one buffer.</remarks>
internal sealed class MessageBuilder
{
    private static ReadOnlySpan<byte> Suffix => "]}"u8;

    private readonly byte[] _prefix;
    private byte[] _buffer = new byte[16384];

    public MessageBuilder(string agentVersion, string agentId)
    {
        var w = new CanonicalJsonWriter(256);
        w.StartObject();
        w.PropertyName("AgentVersion"u8);
        w.String(agentVersion);
        w.PropertyName("AgentId"u8);
        w.String(agentId);
        w.PropertyName("MessageSchemaVersion"u8);
        w.AsciiString("1.0"u8);
        w.PropertyName("Events"u8);
        w.WriteRaw("["u8);
        _prefix = w.ToArray();
    }

    /// <summary>The bytes of a message that are not events.</summary>
    public int Overhead => _prefix.Length + Suffix.Length;

    /// <summary>The largest event that fits in a message of the given size.</summary>
    public int MaxEventSize(int maxMessageSize) => maxMessageSize - Overhead;

    /// <summary>Builds one message on the given path, or returns null when no event was taken.</summary>
    public byte[]? Build(EventQueues queues, QueueName path, int maxMessageSize)
    {
        if (_buffer.Length < maxMessageSize)
        {
            _buffer = new byte[maxMessageSize];
        }

        var size = _prefix.Length;
        _prefix.CopyTo(_buffer, 0);
        var taken = 0;
        var maxEvent = MaxEventSize(maxMessageSize);
        var limit = maxMessageSize - Suffix.Length;
        var other = path == QueueName.High ? queues.Low : queues.High;
        Take(queues.Operational);
        Take(queues.Get(path));
        Take(other);
        if (taken == 0)
        {
            return null;
        }

        Suffix.CopyTo(_buffer.AsSpan(size));
        size += Suffix.Length;
        return _buffer.AsSpan(0, size).ToArray();

        void Take(EventQueue queue)
        {
            while (queue.TryPeek(out var e))
            {
                if (e.Size > maxEvent)
                {
                    queue.TakeDropped();
                    continue;
                }

                var needed = e.Size + (taken > 0 ? 1 : 0);
                if (size + needed > limit)
                {
                    return;
                }

                if (taken > 0)
                {
                    _buffer[size++] = (byte)',';
                }

                e.Bytes.CopyTo(_buffer, size);
                size += e.Size;
                taken++;
                queue.TakeSent();
            }
        }
    }
}
