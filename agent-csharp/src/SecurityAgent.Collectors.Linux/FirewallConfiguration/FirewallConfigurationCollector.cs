using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.FirewallConfiguration;

/// <summary>
/// FirewallConfiguration: the firewall rules in evaluation order, from iptables
/// (<c>iptables-save</c>, <c>ip6tables-save</c>: the filter table) and nftables
/// (<c>nft -j list ruleset</c>), whichever the host uses; with both, the nftables tables that
/// iptables-nft owns are read through iptables only. A built-in (base) chain's policy is its last rule.
/// </summary>
/// <remarks>
/// Needs CAP_NET_ADMIN (the tools read the ruleset over netlink). Runs the tools without a shell
/// or sudo; with <see cref="FirewallConfigurationOptions.NetworkNamespace"/>, under <c>ip netns exec</c>.
/// No tool installed gives an empty snapshot.
/// </remarks>
public sealed class FirewallConfigurationCollector : SnapshotCollector, ICollectorStatistics
{
    private readonly FirewallSource _source;
    private readonly FirewallTool _tool;
    private long _malformed;

    /// <summary>Creates the collector.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    /// <exception cref="ArgumentException">The namespace name is empty or holds a '/'.</exception>
    public FirewallConfigurationCollector(FirewallConfigurationOptions? options = null)
    {
        options ??= new FirewallConfigurationOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ToolTimeout, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ToolTimeout, TimeSpan.FromMinutes(5));
        if (options.NetworkNamespace is { } ns && (ns.Length == 0 || ns.Contains('/', StringComparison.Ordinal)))
        {
            throw new ArgumentException("A network namespace name is not empty and has no '/'.", nameof(options));
        }
        _source = options.Source;
        _tool = new FirewallTool(options.NetworkNamespace, options.ToolTimeout);
    }

    /// <inheritdoc/>
    public override string Name => "FirewallConfiguration";

    /// <inheritdoc/>
    protected override EventName EventName => EventName.FirewallConfiguration;

    /// <inheritdoc/>
    public long Overflows => 0;

    /// <summary>Lines, rules or elements of the tools' output skipped as malformed.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <inheritdoc/>
    public long KernelLost => 0;

    /// <inheritdoc/>
    public long Incomplete => 0;

    /// <inheritdoc/>
    public bool SharesAuditCounters => false;

    /// <summary>Reads one snapshot.</summary>
    /// <exception cref="IOException">A tool failed.</exception>
    /// <exception cref="InvalidDataException">nft's output was not its JSON.</exception>
    internal List<FirewallConfigurationPayload> Snapshot()
    {
        var items = new List<FirewallConfigurationPayload>();
        var owned = new HashSet<string>(StringComparer.Ordinal);
        if (_source != FirewallSource.Nftables)
        {
            foreach (var (tool, family) in (ReadOnlySpan<(string, string)>)[("iptables-save", "ip"), ("ip6tables-save", "ip6")])
            {
                if (_tool.Run(tool) is { } text)
                {
                    var ruleset = IptablesSaveParser.Parse(text, family);
                    items.AddRange(ruleset.Rules);
                    owned.UnionWith(ruleset.Tables);
                    Interlocked.Add(ref _malformed, ruleset.Malformed);
                }
            }
        }
        if (_source != FirewallSource.Iptables && _tool.Run("nft", "-j", "list", "ruleset") is { } json)
        {
            var ruleset = NftablesJsonParser.Parse(json, owned);
            items.AddRange(ruleset.Rules);
            Interlocked.Add(ref _malformed, ruleset.Malformed);
        }
        return items;
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<PayloadItem> Collect() => Snapshot();
}
