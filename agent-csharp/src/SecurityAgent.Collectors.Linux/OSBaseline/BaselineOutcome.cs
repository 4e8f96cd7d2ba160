using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.OSBaseline;

/// <summary>The result of one check.</summary>
/// <param name="Check">The check.</param>
/// <param name="Result">Pass, Fail or Err.</param>
/// <param name="Error">Why it failed or could not be evaluated; empty when it passed.</param>
internal sealed record BaselineOutcome(BaselineCheck Check, BaselineResult Result, string Error);
