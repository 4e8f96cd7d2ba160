namespace SecurityAgent.Core.Events;

/// <summary>What a firewall rule does.</summary>
public enum FirewallAction
{
    /// <summary>Allow.</summary>
    Allow,

    /// <summary>Deny.</summary>
    Deny,

    /// <summary>Other.</summary>
    Other,
}
