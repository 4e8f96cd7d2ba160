namespace SecurityAgent.Core.Events;

/// <summary>The direction of a connection or a firewall rule.</summary>
public enum ConnectionDirection
{
    /// <summary>In.</summary>
    In,

    /// <summary>Out.</summary>
    Out,
}
