namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>A raw event from a collector.</summary>
/// <param name="Event">The event.</param>
internal sealed record SubmitEventStep(RawEvent Event) : Step;
