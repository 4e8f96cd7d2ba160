namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>Shutdown: FlushAll(). Output: the messages built.</summary>
internal sealed record FlushAllStep : Step;
