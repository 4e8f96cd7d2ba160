namespace SecurityAgent.Pipeline;

/// <summary>A message the disk refused, held in memory until it is sent.</summary>
internal sealed record PendingMessage(byte[] Body, string MessageId);
