using SecurityAgent.Core.Events;

namespace SecurityAgent.Core;

/// <summary>One message the core built.</summary>
/// <param name="Body">The message body: canonical UTF-8 JSON.</param>
/// <param name="Priority">The schedule it was built for, <see cref="QueueName.High"/> or <see cref="QueueName.Low"/>; the outbox evicts Low messages first.</param>
public sealed record BuiltMessage(byte[] Body, QueueName Priority);
