using SecurityAgent.Core.Events;

namespace SecurityAgent.Core;

/// <summary>The outcome of a twin update.</summary>
/// <param name="Accepted">True when the update is in force; false when it was rejected and the previous configuration stays.</param>
/// <param name="Errors">The items of the ConfigurationError event queued for this update (TypeMismatch when rejected; NotOptimal or Conflict when accepted); empty when none.</param>
public sealed record ApplyTwinResult(bool Accepted, IReadOnlyList<ConfigurationErrorPayload> Errors);
