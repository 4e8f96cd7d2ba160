using SecurityAgent.Collectors;
using SecurityAgent.Configuration;
using SecurityAgent.Core.Configuration;

namespace SecurityAgent.Hosting;

/// <summary>Everything a run of the agent needs, decided before the host starts.</summary>
/// <param name="Configuration">The checked local configuration.</param>
/// <param name="CreateCollectors">Makes the collectors once the core exists; its argument reads the twin configuration in force (for settings such as the custom baseline checks).</param>
/// <param name="StatusInterval">How often a status line goes to standard output; null: never.</param>
internal sealed record AgentRunOptions(
    LocalConfiguration Configuration,
    Func<Func<AgentConfiguration>, IReadOnlyList<ICollector>> CreateCollectors,
    TimeSpan? StatusInterval);
