using SecurityAgent.Collectors;
using SecurityAgent.Configuration;

namespace SecurityAgent.Hosting;

/// <summary>Everything a run of the agent needs, decided before the host starts.</summary>
/// <param name="Configuration">The checked local configuration.</param>
/// <param name="Collectors">The collectors to run.</param>
/// <param name="StatusInterval">How often a status line goes to standard output; null: never.</param>
internal sealed record AgentRunOptions(LocalConfiguration Configuration, IReadOnlyList<ICollector> Collectors, TimeSpan? StatusInterval);
