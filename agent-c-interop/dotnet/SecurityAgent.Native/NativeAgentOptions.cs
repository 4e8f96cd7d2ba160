namespace SecurityAgent.Native;

/// <summary>How a <see cref="NativeAgent"/> is created; checked by the library at creation.</summary>
public sealed class NativeAgentOptions
{
    /// <summary>Gets the AgentId of every message, a GUID.</summary>
    /// <value>Default: the all-zero GUID.</value>
    public Guid AgentId { get; init; }

    /// <summary>Gets the AgentVersion of every message.</summary>
    /// <value>Default (null): the library's version.</value>
    public string? AgentVersion { get; init; }

    /// <summary>Gets a value indicating whether event ids are deterministic (00000000-0000-4000-8000-n).</summary>
    /// <value>Default: false (random ids).</value>
    public bool Deterministic { get; init; }

    /// <summary>Gets the fixed UTC offset of local timestamps, in minutes (-720 to 840).</summary>
    /// <value>Default: 0.</value>
    public int UtcOffsetMinutes { get; init; }

    /// <summary>Gets the most heap bytes the agent may hold; 0 for no limit.</summary>
    /// <value>Default: 0.</value>
    public ulong MemoryLimitBytes { get; init; }
}
