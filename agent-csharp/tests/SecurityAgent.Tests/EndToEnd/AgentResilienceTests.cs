using System.Text;
using System.Text.Json;
using SecurityAgent.Outbox;
using SecurityAgent.Tests.Support;
using OutboxStore = SecurityAgent.Outbox.Outbox;

namespace SecurityAgent.Tests.EndToEnd;

/// <summary>
/// Nothing lost, nothing twice: the hub goes away and comes back, the agent is killed with
/// SIGKILL in the middle of sending and restarted, the outbox holds damaged records. Every
/// message that reached the outbox is delivered, and no event arrives twice.
/// </summary>
[NonParallelizable]
public sealed class AgentResilienceTests
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task HubStoppedForAWhileAndRestarted_EveryMessageBuiltMeanwhileArrivesOnce()
    {
        await using var harness = await AgentHubHarness.StartAsync();
        using var agent = harness.StartAgent();
        await Eventually.TrueAsync(() => harness.Messages().Count >= 2, "messages before the outage");

        await harness.StopHubAsync();
        var waiting = await Eventually.GetAsync(() => OutboxMessageIds(harness) is { Count: >= 3 } ids ? ids : null, "messages waiting in the outbox while the hub is down");
        await harness.StartHubAsync();

        await Eventually.TrueAsync(() => OutboxMessageIds(harness).Count == 0 && Delivered(harness).IsSupersetOf(waiting), "the outbox emptied into the restarted hub");
        await agent.TerminateAsync(StopTimeout);
        Assert.That(agent.ExitCode, Is.Zero, agent.Output);
        AssertNoEventTwice(harness);
    }

    [Test]
    public async Task AgentKilledMidSendAndRestarted_EveryStoredMessageArrivesExactlyOnce()
    {
        await using var harness = await AgentHubHarness.StartAsync();
        var leftOnDisk = new HashSet<string>();

        // Kill the agent at different moments of a steady flow of sends.
        for (var round = 0; round < 3; round++)
        {
            using var agent = harness.StartAgent();
            var before = harness.Messages().Count;
            await Eventually.TrueAsync(() => harness.Messages().Count > before, $"a message in round {round}");
            await Task.Delay(150 * round);
            agent.Kill();
            await agent.WaitForExitAsync(StopTimeout);
            leftOnDisk.UnionWith(OutboxMessageIds(harness));
        }

        // And once while the hub is down, so that the outbox surely holds messages at the kill.
        await harness.StopHubAsync();
        using (var offline = harness.StartAgent())
        {
            await Eventually.TrueAsync(() => OutboxMessageIds(harness).Count >= 2, "messages stored while the hub is down");
            offline.Kill();
            await offline.WaitForExitAsync(StopTimeout);
        }
        var storedAtKill = OutboxMessageIds(harness);
        leftOnDisk.UnionWith(storedAtKill);
        await harness.StartHubAsync();

        using var last = harness.StartAgent();
        await Eventually.TrueAsync(() => Delivered(harness).IsSupersetOf(leftOnDisk), "every message left on disk delivered after the restart");
        await last.TerminateAsync(StopTimeout);

        Assert.That(storedAtKill, Has.Count.GreaterThanOrEqualTo(2));
        Assert.That(Delivered(harness), Is.SupersetOf(leftOnDisk));
        AssertNoEventTwice(harness);
    }

    [Test]
    public async Task Sigterm_WithEventsStillQueued_FlushesAndDeliversThemBeforeExiting()
    {
        // The default schedule sends High events after 7 minutes and Low ones after 5 hours: at the
        // stop, the first snapshot's events are still in the core's queues.
        var slow = new System.Text.Json.Nodes.JsonObject();
        await using var harness = await AgentHubHarness.StartAsync(slow);
        using var agent = harness.StartAgent();
        await Eventually.TrueAsync(() => agent.Output.Contains("Twin configuration (desired version", StringComparison.Ordinal), "the twin applied");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.That(harness.Messages(), Is.Empty, "nothing is due yet");

        await agent.TerminateAsync(StopTimeout);

        Assert.That(agent.ExitCode, Is.Zero, agent.Output);
        var names = harness.Events().Select(e => e.GetProperty("Name").GetString()).ToList();
        Assert.That(names, Does.Contain("SystemInformation").And.Contain("LocalUsers").And.Contain("ListeningPorts"));
        Assert.That(Directory.GetFiles(harness.OutboxDirectory, "*.msg"), Is.Empty, "everything was delivered within the grace period");
        AssertNoEventTwice(harness);
    }

    [Test]
    public async Task CorruptOutboxRecords_AreSkippedAndWhatWasLeftIsSentFirst()
    {
        await using var harness = await AgentHubHarness.StartAsync();
        var leftover = Encoding.UTF8.GetBytes(LeftoverMessage);
        var outbox = OutboxStore.Open(new OutboxOptions { Directory = harness.OutboxDirectory });
        var kept = outbox.Append(leftover, "3f2b8c1e-9d4a-4e6b-8c2f-1a5b7d9e0c3a", MessagePriority.High).Entry!;
        var torn = outbox.Append(leftover, "5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d", MessagePriority.Low).Entry!;
        var tornPath = Directory.GetFiles(harness.OutboxDirectory).Single(f => f.EndsWith($"{torn.Sequence:x16}.msg", StringComparison.Ordinal));
        File.WriteAllBytes(tornPath, File.ReadAllBytes(tornPath)[..40]);
        File.WriteAllText(Path.Combine(harness.OutboxDirectory, "00000000000000ff.msg"), "not a record at all");

        using var agent = harness.StartAgent();
        var first = await Eventually.GetAsync(() => harness.Messages() is { Count: > 0 } m ? m[0] : null, "the first message");
        await agent.TerminateAsync(StopTimeout);

        Assert.That(first.MessageId, Is.EqualTo(kept.MessageId), "what the last run left is sent first");
        Assert.That(first.Body, Is.EqualTo(leftover));
        Assert.That(agent.Output, Does.Contain("1 messages left from the last run (sent first), 2 corrupt records skipped"));
        Assert.That(agent.ExitCode, Is.Zero, agent.Output);
        Assert.That(harness.Messages().Count(m => m.MessageId == torn.MessageId), Is.Zero);
    }

    private const string LeftoverMessage = """{"AgentVersion":"0.1.0","AgentId":"0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9","MessageSchemaVersion":"1.0","Events":[{"EventType":"Security","Category":"Periodic","Name":"SystemInformation","IsEmpty":false,"PayloadSchemaVersion":"1.0","Id":"00000000-0000-4000-8000-000000000001","TimestampLocal":"2026-01-01T00:00:00.000+00:00","TimestampUTC":"2026-01-01T00:00:00.000Z","Payload":[{"OSName":"Linux"}]}]}""";

    /// <summary>The message ids of the records in the outbox folder now.</summary>
    private static HashSet<string> OutboxMessageIds(AgentHubHarness harness)
    {
        var ids = new HashSet<string>();
        if (!Directory.Exists(harness.OutboxDirectory))
            return ids;
        foreach (var file in Directory.GetFiles(harness.OutboxDirectory, "*.msg"))
        {
            try
            {
                if (OutboxRecord.TryDecode(File.ReadAllBytes(file), out var entry, out _, out _))
                    ids.Add(entry!.MessageId);
            }
            catch (IOException)
            {
                // Removed by the agent while we looked: it was sent.
            }
        }
        return ids;
    }

    private static HashSet<string> Delivered(AgentHubHarness harness) =>
        [.. harness.Messages().Select(m => m.MessageId!)];

    private static void AssertNoEventTwice(AgentHubHarness harness)
    {
        var ids = harness.Events().Select(e => e.GetProperty("Id").GetString()).ToList();
        Assert.That(ids, Is.Unique, "an event delivered twice");
        Assert.That(ids, Is.Not.Empty);
    }
}
