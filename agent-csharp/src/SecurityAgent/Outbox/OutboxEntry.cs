namespace SecurityAgent.Outbox;

/// <summary>A message waiting in the outbox, in the order it was appended.</summary>
/// <param name="Sequence">The position of the message; later messages have larger numbers, across restarts too.</param>
/// <param name="MessageId">The message id sent as <c>$.mid</c>, by which the hub deduplicates.</param>
/// <param name="Priority">The priority the message was built for.</param>
/// <param name="SizeInBytes">The bytes of the message body (its record adds a fixed header).</param>
public sealed record OutboxEntry(ulong Sequence, string MessageId, MessagePriority Priority, long SizeInBytes);
