using System.Text;
using System.Text.Json;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Tests.Support;

namespace SecurityAgent.Core.Tests;

public class AgentCoreTests
{
    private static readonly DateTimeOffset T0 = TestCore.Start;

    private static List<JsonElement> Events(IEnumerable<byte[]> messages) =>
        messages.SelectMany(m => JsonDocument.Parse(m).RootElement.GetProperty("Events").EnumerateArray().Select(e => e.Clone())).ToList();

    [Test]
    public void Tick_FirstTick_SnapshotDueAndStatisticsQueued()
    {
        var sut = TestCore.Create();
        var result = sut.Tick(T0);
        Assert.That(result.SnapshotDue, Is.True);
        Assert.That(sut.Statistics.Operational.QueuedEvents, Is.EqualTo(2));
        Assert.That(sut.Tick(T0.AddHours(12)).SnapshotDue, Is.False);
        Assert.That(sut.Tick(T0.AddHours(13)).SnapshotDue, Is.True);
    }

    [Test]
    public void Tick_HighFrequencyElapsed_SendsHighAndOperationalWithLowPiggyback()
    {
        var sut = TestCore.Create();
        sut.SubmitEvent(TestCore.Login());
        sut.Tick(T0);
        Assert.That(sut.Tick(T0.AddMinutes(6)).Bodies(), Is.Empty);

        var messages = sut.Tick(T0.AddMinutes(7)).Bodies();

        var names = Events(messages).Select(e => e.GetProperty("Name").GetString()).ToList();
        Assert.That(names, Is.EqualTo(new[] { "DroppedEventsStatistics", "MessageStatistics", "Login" }));
        Assert.That(MessageSchema.ValidateMessage(messages[0]), Is.Null);
    }

    [Test]
    public void Tick_OnlyLowQueued_WaitsForLowFrequency()
    {
        var sut = TestCore.Create();
        sut.ApplyTwin("""{"eventPriorityDroppedEventsStatistics":{"value":"Off"},"eventPriorityMessageStatistics":{"value":"Off"},"aggregationEnabledProcessCreate":{"value":false}}""");
        sut.SubmitEvent(TestCore.Process("ls -l"));
        Assert.That(sut.Tick(T0.AddMinutes(7)).Bodies(), Is.Empty);
        Assert.That(sut.Tick(T0.AddHours(5)).Bodies(), Has.Count.EqualTo(1));
    }

    [Test]
    public void Tick_LowFrequencyElapsed_MarksMessagesLowAndHighOnesHigh()
    {
        var sut = TestCore.Create();
        sut.ApplyTwin("""{"aggregationEnabledProcessCreate":{"value":false}}""");
        sut.SubmitEvent(TestCore.Login());
        Assert.That(sut.Tick(T0.AddMinutes(7)).Messages.Select(m => m.Priority), Is.EqualTo(new[] { QueueName.High }));

        sut.SubmitEvent(TestCore.Process("ls -l"));

        Assert.That(sut.Tick(T0.AddHours(5)).Messages.Select(m => m.Priority), Is.EqualTo(new[] { QueueName.Low }));
    }

    [Test]
    public void ApplyTwin_AggregationSwitchedBackOn_StartsANewWindowAtCoreTime()
    {
        // Conformance finding: the window of an aggregated event starts when aggregation was switched on.
        var sut = TestCore.Create(TimeSpan.Zero);
        sut.ApplyTwin("""{"aggregationEnabledProcessCreate":{"value":false}}""");
        sut.Tick(T0.AddMinutes(20));
        sut.ApplyTwin("{}");
        sut.SubmitEvent(TestCore.Process("ls -l", at: T0.AddMinutes(21)));

        var aggregated = Events(sut.FlushAll().Select(m => m.Body)).Single(e => e.GetProperty("Name").GetString() == "ProcessCreate");

        var details = aggregated.GetProperty("Payload")[0].GetProperty("ExtraDetails");
        Assert.That(details.GetProperty("StartTimeUtc").GetString(), Is.EqualTo("2024-03-05T09:35:02.123Z"));
    }

    [Test]
    public void FlushAll_AggregatedAndQueuedEvents_BuildsEverythingAndLeavesNothingInMemory()
    {
        var sut = TestCore.Create();
        sut.Tick(T0);
        sut.SubmitEvent(TestCore.Login());
        sut.SubmitEvent(TestCore.Process("ls -l"));
        sut.SubmitEvent(TestCore.Process("ls -l"));

        var messages = sut.FlushAll();

        var names = Events(messages.Select(m => m.Body)).Select(e => e.GetProperty("Name").GetString()).ToList();
        Assert.That(names, Does.Contain("Login").And.Contain("ProcessCreate"));
        Assert.That(sut.Statistics.PendingAggregatedEvents, Is.Zero);
        Assert.That(sut.Statistics.High.QueuedEvents + sut.Statistics.Low.QueuedEvents + sut.Statistics.Operational.QueuedEvents, Is.Zero);
        Assert.That(messages.All(m => MessageSchema.ValidateMessage(m.Body) is null), Is.True);
    }

    [Test]
    public void Tick_QueuedBytesReachMaxMessageSize_SendsAtOnce()
    {
        var sut = TestCore.Create();
        sut.ApplyTwin("""{"maxMessageSizeInBytes":{"value":8192},"aggregationEnabledProcessCreate":{"value":false}}""");
        sut.Tick(T0);
        for (var i = 0; i < 40; i++)
        {
            sut.SubmitEvent(TestCore.Process("cmd " + i + new string('x', 300)));
        }

        var messages = sut.Tick(T0.AddSeconds(1)).Bodies();

        Assert.That(messages, Is.Not.Empty);
        Assert.That(messages.All(m => m.Length <= 8192), Is.True);
        Assert.That(sut.Statistics.Low.QueuedBytes + sut.Statistics.High.QueuedBytes + sut.Statistics.Operational.QueuedBytes, Is.LessThan(8192));
    }

    [Test]
    public void SubmitEvent_PriorityOff_DroppedAtSourceWithoutId()
    {
        var sut = TestCore.Create();
        sut.ApplyTwin("""{"eventPriorityLogin":{"value":"Off"}}""");
        sut.SubmitEvent(TestCore.Login());
        Assert.That(sut.Statistics.RouterDroppedEvents, Is.EqualTo(1));
        Assert.That(sut.Statistics.High.CollectedEvents, Is.EqualTo(0));
    }

    [Test]
    public void SubmitEvent_OperationalName_Throws()
    {
        var sut = TestCore.Create();
        var e = SecurityEvent.Periodic(EventName.Heartbeat, T0, []);
        Assert.That(() => sut.SubmitEvent(e), Throws.ArgumentException);
    }

    [Test]
    public void SubmitEvent_RepeatedProcesses_AggregatedWithHitCountAndWindow()
    {
        var sut = TestCore.Create();
        sut.ApplyTwin("""{"lowPriorityMessageFrequency":{"value":"PT1H"},"eventPriorityDroppedEventsStatistics":{"value":"Off"},"eventPriorityMessageStatistics":{"value":"Off"}}""");
        for (var i = 0; i < 5; i++)
        {
            sut.SubmitEvent(TestCore.Process("ls -l", pid: (uint)(100 + i)));
        }

        sut.SubmitEvent(TestCore.Process("cat /etc/passwd"));
        Assert.That(sut.Statistics.PendingAggregatedEvents, Is.EqualTo(6));

        var events = Events(sut.Tick(T0.AddHours(1)).Bodies());

        Assert.That(events, Has.Count.EqualTo(2));
        var first = events[0];
        Assert.That(first.GetProperty("Category").GetString(), Is.EqualTo("Aggregated"));
        var item = first.GetProperty("Payload")[0];
        Assert.That(item.GetProperty("ProcessId").GetInt32(), Is.EqualTo(0));
        Assert.That(item.GetProperty("CommandLine").GetString(), Is.EqualTo("ls -l"));
        var details = item.GetProperty("ExtraDetails");
        Assert.That(details.GetProperty("HitCount").GetString(), Is.EqualTo("5"));
        Assert.That(details.GetProperty("StartTimeUtc").GetString(), Is.EqualTo("2024-03-05T09:15:02.123Z"));
        Assert.That(details.GetProperty("EndTimeLocal").GetString(), Is.EqualTo("2024-03-05T11:15:02.123+01:00"));
        Assert.That(events[1].GetProperty("Payload")[0].GetProperty("ExtraDetails").GetProperty("HitCount").GetString(), Is.EqualTo("1"));
    }

    [Test]
    public void SubmitEvent_DistinctKeysReachCap_FlushesEarlyWithoutLoss()
    {
        var sut = TestCore.Create();
        sut.ApplyTwin("""{"aggregationMaxDistinctKeys":{"value":16}}""");
        for (var i = 0; i < 17; i++)
        {
            sut.SubmitEvent(TestCore.Process("job " + i));
        }

        var s = sut.Statistics;
        Assert.That(s.PendingAggregatedEvents, Is.EqualTo(1));
        Assert.That(s.Low.QueuedEvents, Is.EqualTo(16));
    }

    [Test]
    public void ApplyTwin_DisablesAggregation_PendingFlushedAtOnce()
    {
        var sut = TestCore.Create();
        sut.SubmitEvent(TestCore.Process("ls"));
        sut.ApplyTwin("""{"aggregationEnabledProcessCreate":{"value":false}}""");
        Assert.That(sut.Statistics.PendingAggregatedEvents, Is.EqualTo(0));
        Assert.That(sut.Statistics.Low.QueuedEvents, Is.EqualTo(1));
        sut.SubmitEvent(TestCore.Process("ls"));
        Assert.That(sut.Statistics.Low.QueuedEvents, Is.EqualTo(2));
    }

    [Test]
    public void ApplyTwin_Rejected_PreviousConfigurationStaysAndErrorQueued()
    {
        var sut = TestCore.Create();
        sut.ApplyTwin("""{"snapshotFrequency":{"value":"PT1H"}}""");
        var result = sut.ApplyTwin("""{"snapshotFrequency":{"value":"PT2H"},"maxMessageSizeInBytes":{"value":"big"}}""");
        Assert.That(result.Accepted, Is.False);
        Assert.That(sut.Configuration.SnapshotFrequency, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(result.Errors.Single().UsedConfiguration, Is.EqualTo("204800"));
        Assert.That(sut.Statistics.Operational.QueuedEvents, Is.EqualTo(1));

        var messages = sut.Tick(T0.AddMinutes(7)).Bodies();
        var error = Events(messages).Single(e => e.GetProperty("Name").GetString() == "ConfigurationError");
        Assert.That(error.GetProperty("Payload")[0].GetProperty("ConfigurationName").GetString(), Is.EqualTo("maxMessageSizeInBytes"));
        Assert.That(MessageSchema.ValidateMessage(messages[0]), Is.Null);
    }

    [Test]
    public void ApplyTwin_NewFrequency_TakesEffectWithoutRestart()
    {
        var sut = TestCore.Create();
        sut.Tick(T0);
        sut.ApplyTwin("""{"highPriorityMessageFrequency":{"value":"PT1M"}}""");
        sut.SubmitEvent(TestCore.Login());
        Assert.That(sut.Tick(T0.AddMinutes(1)).Bodies(), Has.Count.EqualTo(1));
    }

    [Test]
    public void Tick_BigSnapshot_SplitIntoPartsThatEachFit()
    {
        var sut = TestCore.Create();
        sut.ApplyTwin("""{"maxMessageSizeInBytes":{"value":8192},"eventPriorityDroppedEventsStatistics":{"value":"Off"},"eventPriorityMessageStatistics":{"value":"Off"}}""");
        sut.SubmitEvent(TestCore.Ports(500));

        var messages = sut.Tick(T0.AddMinutes(7)).Bodies();

        var events = Events(messages);
        Assert.That(events, Has.Count.GreaterThan(1));
        Assert.That(events.All(e => e.GetProperty("Name").GetString() == "ListeningPorts" && e.GetProperty("Category").GetString() == "Periodic"), Is.True);
        Assert.That(events.Sum(e => e.GetProperty("Payload").GetArrayLength()), Is.EqualTo(500));
        Assert.That(events.Select(e => e.GetProperty("Id").GetString()).Distinct().Count(), Is.EqualTo(events.Count));
        foreach (var m in messages)
        {
            Assert.That(m, Has.Length.LessThanOrEqualTo(8192));
            Assert.That(MessageSchema.ValidateMessage(m), Is.Null);
        }
    }

    [Test]
    public void SubmitLog_SeverityAtLeastMinimum_DiagnosticEvent()
    {
        var sut = TestCore.Create();
        sut.ApplyTwin("""{"eventPriorityDiagnostic":{"value":"High"}}""");
        sut.SubmitLog(new LogRecord(T0, DiagnosticSeverity.Information, "ignored", 1, 2));
        sut.SubmitLog(new LogRecord(T0, DiagnosticSeverity.Error, "disk full\n", 1, 2, "0a8f5c7e-1c34-4b7e-b8d2-9e5f3a6c2d40"));

        var messages = sut.Tick(T0.AddMinutes(7)).Bodies();

        var diagnostics = Events(messages).Where(e => e.GetProperty("Name").GetString() == "Diagnostic").ToList();
        Assert.That(diagnostics, Has.Count.EqualTo(1));
        Assert.That(diagnostics[0].GetProperty("Payload")[0].GetProperty("Message").GetString(), Is.EqualTo("disk full\n"));
        Assert.That(MessageSchema.ValidateMessage(messages[0]), Is.Null);
    }

    [Test]
    public void Tick_HeartbeatOn_QueuedAtItsFrequency()
    {
        var sut = TestCore.Create();
        sut.ApplyTwin("""{"eventPriorityHeartbeat":{"value":"Low"},"heartbeatFrequency":{"value":"PT7M"}}""");
        sut.ConnectionState = ConnectionState.Connected;

        var messages = sut.Tick(T0.AddMinutes(7)).Bodies();

        var heartbeat = Events(messages).Single(e => e.GetProperty("Name").GetString() == "Heartbeat");
        var item = heartbeat.GetProperty("Payload")[0];
        Assert.That(item.GetProperty("UptimeInSeconds").GetInt64(), Is.EqualTo(420));
        Assert.That(item.GetProperty("ConnectionState").GetString(), Is.EqualTo("Connected"));
        Assert.That(item.GetProperty("QueuedEvents").GetInt64(), Is.EqualTo(2));
        Assert.That(MessageSchema.ValidateMessage(messages[0]), Is.Null);
    }

    [Test]
    public void Tick_SecondSnapshot_StatisticsReportIntervalCounts()
    {
        var sut = TestCore.Create();
        sut.ApplyTwin("""{"snapshotFrequency":{"value":"PT10M"}}""");
        sut.Tick(T0);
        sut.SubmitEvent(TestCore.Login());
        sut.Tick(T0.AddMinutes(7));
        sut.Tick(T0.AddMinutes(10));

        var messages = sut.Tick(T0.AddMinutes(14)).Bodies();

        var events = Events(messages);
        var dropped = events.Single(e => e.GetProperty("Name").GetString() == "DroppedEventsStatistics").GetProperty("Payload");
        Assert.That(dropped.EnumerateArray().Select(i => i.GetProperty("Queue").GetString()), Is.EqualTo(new[] { "High", "Low", "Operational" }));
        Assert.That(dropped[0].GetProperty("CollectedEvents").GetInt64(), Is.EqualTo(1));
        Assert.That(dropped[2].GetProperty("CollectedEvents").GetInt64(), Is.EqualTo(2));
        var stats = events.Single(e => e.GetProperty("Name").GetString() == "MessageStatistics").GetProperty("Payload")[0];
        Assert.That(stats.GetProperty("MessagesSent").GetInt64(), Is.EqualTo(1));
        Assert.That(stats.GetProperty("MessagesUnder4KB").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public void ReportedProperties_AfterTwin_ReflectsConfigurationInForce()
    {
        var sut = TestCore.Create();
        sut.ApplyTwin("""{"eventPriorityLogin":{"value":"low"}}""");
        Assert.That(Encoding.UTF8.GetString(sut.ReportedProperties()), Does.Contain("\"eventPriorityLogin\":{\"value\":\"Low\"}"));
    }

    [Test]
    public void Create_BadAgentId_Throws()
    {
        Assert.That(() => AgentCore.Create(new AgentCoreOptions { AgentId = "NOT-A-GUID" }), Throws.ArgumentException);
    }

    [Test]
    public void Create_DefaultVersion_IsRepositoryVersion()
    {
        Assert.That(AgentCoreOptions.RepositoryVersion, Does.Match(@"^\d+\.\d+\.\d+"));
        Assert.That(AgentCoreOptions.RepositoryVersion, Does.Not.Contain("+"));
    }
}
