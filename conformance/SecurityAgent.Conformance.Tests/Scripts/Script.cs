namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>
/// One conformance script: how the agent is created and the steps it is driven through. Both
/// agents run the same script; their outputs must be byte-identical.
/// </summary>
/// <param name="AgentId">The AgentId, a lower-case GUID.</param>
/// <param name="AgentVersion">The AgentVersion of every message.</param>
/// <param name="UtcOffsetMinutes">The fixed offset of local timestamps.</param>
/// <param name="StartMs">The start time, milliseconds since the Unix epoch.</param>
/// <param name="InitialTwin">The desired configuration applied right after creation, or null.</param>
/// <param name="Steps">The steps, in order.</param>
internal sealed record Script(
    string AgentId,
    string AgentVersion,
    int UtcOffsetMinutes,
    long StartMs,
    byte[]? InitialTwin,
    IReadOnlyList<Step> Steps);
