namespace SecurityAgent.LocalHub.Messages;

/// <summary>
/// Reads the messages a local hub stored, from its data folder, without starting the hub: what
/// <c>security-agent messages</c> lists after a run.
/// </summary>
public static class MessageArchive
{
    /// <summary>The messages stored in <paramref name="dataDirectory"/>, oldest first.</summary>
    /// <param name="dataDirectory">The hub's data folder.</param>
    /// <param name="query">Filters; all messages (up to its limit) when empty.</param>
    /// <returns>The messages; none when the hub never stored any.</returns>
    public static IReadOnlyList<StoredMessage> Read(string dataDirectory, MessageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var path = Path.Combine(dataDirectory, "messages.db");
        if (!File.Exists(path))
            return [];
        using var store = new MessageStore(path);
        return store.Query(query);
    }
}
