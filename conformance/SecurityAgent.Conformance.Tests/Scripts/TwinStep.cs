namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>A desired twin configuration (valid or not). Output: whether it was accepted.</summary>
/// <param name="Json">The UTF-8 text of the configuration object.</param>
internal sealed record TwinStep(byte[] Json) : Step;
