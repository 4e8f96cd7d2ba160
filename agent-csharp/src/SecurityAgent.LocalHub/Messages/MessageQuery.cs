namespace SecurityAgent.LocalHub.Messages;

/// <summary>Filters for listing stored messages; unset filters match everything.</summary>
public sealed class MessageQuery
{
    /// <summary>Gets the device id to match.</summary>
    public string? DeviceId { get; init; }

    /// <summary>Gets the module id to match.</summary>
    public string? ModuleId { get; init; }

    /// <summary>Gets the message id to match.</summary>
    public string? MessageId { get; init; }

    /// <summary>Gets the interface id to match (for example the security message interface).</summary>
    public string? InterfaceId { get; init; }

    /// <summary>Gets the smallest sequence number to return, to page through messages.</summary>
    public long AfterSequence { get; init; }

    /// <summary>Gets the most messages to return.</summary>
    /// <value>Default 1000.</value>
    public int Limit { get; init; } = 1000;
}
