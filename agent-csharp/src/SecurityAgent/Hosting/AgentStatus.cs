namespace SecurityAgent.Hosting;

/// <summary>What has flowed through the agent since it started: the status line and the final summary.</summary>
/// <param name="CollectedByType">Raw events collected, by event name.</param>
/// <param name="MessagesBuilt">Messages the core built.</param>
/// <param name="MessagesSent">Messages the hub acknowledged.</param>
/// <param name="BytesSent">Their bytes.</param>
/// <param name="SendFailures">Sends that failed (retried later).</param>
/// <param name="DroppedEvents">Events dropped: priority Off, queue overflow, too large.</param>
/// <param name="OutboxPending">Messages waiting in the outbox.</param>
/// <param name="OutboxEvicted">Messages evicted from a full outbox.</param>
/// <param name="OutboxCorrupt">Corrupt outbox records skipped.</param>
/// <param name="Connected">Whether the hub connection is up.</param>
/// <param name="CollectorDrops">What the collectors lost before the core saw it: kernel buffer overflows, records the kernel lost, input that could not be parsed.</param>
internal sealed record AgentStatus(
    IReadOnlyList<KeyValuePair<string, long>> CollectedByType,
    long MessagesBuilt,
    long MessagesSent,
    long BytesSent,
    long SendFailures,
    long DroppedEvents,
    int OutboxPending,
    long OutboxEvicted,
    long OutboxCorrupt,
    bool Connected,
    long CollectorDrops)
{
    /// <summary>One line: <c>events ProcessCreate=12 SystemInformation=1 | messages built 3, sent 3 (4.1 KB) | dropped 0 | outbox 0</c>.</summary>
    public string Format()
    {
        var events = CollectedByType.Count == 0 ? "none" : string.Join(' ', CollectedByType.Select(p => $"{p.Key}={p.Value}"));
        return $"[{(Connected ? "connected" : "disconnected")}] events {events} | messages built {MessagesBuilt}, sent {MessagesSent} ({BytesSent / 1024.0:0.0} KB), send failures {SendFailures} | dropped events {DroppedEvents}, collector drops {CollectorDrops} | outbox {OutboxPending} waiting, {OutboxEvicted} evicted, {OutboxCorrupt} corrupt";
    }
}
