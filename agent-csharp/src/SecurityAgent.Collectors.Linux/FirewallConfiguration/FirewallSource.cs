namespace SecurityAgent.Collectors.Linux.FirewallConfiguration;

/// <summary>Which firewall front end is read.</summary>
public enum FirewallSource
{
    /// <summary>Both that are installed: iptables (iptables-save, ip6tables-save) and the nftables tables iptables does not own.</summary>
    Auto,

    /// <summary>iptables-save and ip6tables-save only.</summary>
    Iptables,

    /// <summary><c>nft -j list ruleset</c> only.</summary>
    Nftables,
}
