namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>One step of a script. The concrete steps are the calls of the core's interface.</summary>
internal abstract record Step;
