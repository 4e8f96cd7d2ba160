namespace SecurityAgent.Configuration;

/// <summary>Where built messages wait for their PUBACK.</summary>
/// <param name="Path">The outbox folder.</param>
/// <param name="MaxSizeInBytes">The most message bytes it holds.</param>
public sealed record OutboxSettings(string Path, long MaxSizeInBytes);
