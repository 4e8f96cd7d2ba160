using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Events;

/// <summary>One user of the LocalUsers snapshot (Periodic). EventType Security.</summary>
public sealed record LocalUsersPayload : PayloadItem
{
    /// <summary>The user name.</summary>
    public required string UserName { get; init; }

    /// <summary>The user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The group names, primary first, separated by semicolons.</summary>
    public required string GroupNames { get; init; }

    /// <summary>The group ids, in the same order, separated by semicolons.</summary>
    public required string GroupIds { get; init; }

    /// <inheritdoc/>
    public override EventName Name => EventName.LocalUsers;

    internal override void WriteMembers(CanonicalJsonWriter writer)
    {
        writer.PropertyName("UserName"u8);
        writer.String(UserName, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("UserId"u8);
        writer.String(UserId, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("GroupNames"u8);
        writer.String(GroupNames, CanonicalJsonWriter.TextLimit);
        writer.PropertyName("GroupIds"u8);
        writer.String(GroupIds, CanonicalJsonWriter.TextLimit);
    }
}
