namespace SecurityAgent.Native;

/// <summary>A message built by the native core.</summary>
/// <param name="Body">The UTF-8 body.</param>
/// <param name="Priority">The path that built it: High or Low.</param>
public sealed record NativeMessage(byte[] Body, SaQueueId Priority);
