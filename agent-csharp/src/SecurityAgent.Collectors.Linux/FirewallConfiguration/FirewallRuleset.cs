using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.FirewallConfiguration;

/// <summary>What one parser read.</summary>
/// <param name="Rules">The rules in evaluation order, each chain's policy after its rules.</param>
/// <param name="Tables">The tables present, as "family name" ("ip filter", "ip6 nat", "inet mytable").</param>
/// <param name="Malformed">Lines, rules or elements skipped as malformed.</param>
internal sealed record FirewallRuleset(IReadOnlyList<FirewallConfigurationPayload> Rules, IReadOnlySet<string> Tables, int Malformed);
