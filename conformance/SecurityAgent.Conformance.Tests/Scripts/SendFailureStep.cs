namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>The host reports a failed send (TotalFailed in the next MessageStatistics).</summary>
internal sealed record SendFailureStep : Step;
