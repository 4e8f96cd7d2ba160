namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>Reads the reported-properties document. Output: its bytes.</summary>
internal sealed record ReportedStep : Step;
