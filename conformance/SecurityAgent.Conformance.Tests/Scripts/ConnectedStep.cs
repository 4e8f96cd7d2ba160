namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>The hub connection state the next Heartbeat reports.</summary>
/// <param name="Connected">Whether the hub is connected.</param>
internal sealed record ConnectedStep(bool Connected) : Step;
