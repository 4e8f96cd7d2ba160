using SecurityAgent.Core.Events;

namespace SecurityAgent.Core.Configuration;

/// <summary>The outcome of parsing a twin configuration.</summary>
/// <param name="Accepted">The new configuration, or null when the update is rejected.</param>
/// <param name="Errors">The ConfigurationError items: TypeMismatch when rejected, NotOptimal or Conflict when accepted.</param>
internal sealed record ConfigurationParseResult(AgentConfiguration? Accepted, IReadOnlyList<ConfigurationErrorPayload> Errors);
