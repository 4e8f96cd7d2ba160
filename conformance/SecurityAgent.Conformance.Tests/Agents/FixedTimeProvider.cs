namespace SecurityAgent.Conformance.Tests.Agents;

/// <summary>A clock that always says the script's start time: the core reads it once, at creation.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
