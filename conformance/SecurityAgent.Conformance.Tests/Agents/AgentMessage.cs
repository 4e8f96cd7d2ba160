namespace SecurityAgent.Conformance.Tests.Agents;

/// <summary>A message an agent built.</summary>
/// <param name="Priority">"High" or "Low": the path that built it.</param>
/// <param name="Body">The UTF-8 body.</param>
internal sealed record AgentMessage(string Priority, byte[] Body);
