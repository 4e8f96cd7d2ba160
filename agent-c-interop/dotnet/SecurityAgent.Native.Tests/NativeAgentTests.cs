using System.Text;

namespace SecurityAgent.Native.Tests;

public sealed class NativeAgentTests
{
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Test]
    public void Version_Always_IsTheRepositoryVersion()
    {
        var expected = File.ReadAllText(Path.Combine(FindRoot(), "VERSION")).Trim();
        Assert.That(NativeAgent.Version, Is.EqualTo(expected));
    }

    [Test]
    public void StatusMessage_EveryStatus_HasText()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NativeAgent.StatusMessage(SaStatus.Ok), Is.EqualTo("success"));
            Assert.That(NativeAgent.StatusMessage(SaStatus.BadJson), Is.EqualTo("malformed JSON"));
            Assert.That(NativeAgent.StatusMessage((SaStatus)999), Is.EqualTo("unknown status code"));
        });
    }

    [Test]
    public void Create_BadOffset_ThrowsWithNativeMessage()
    {
        var ex = Assert.Throws<SecurityAgentNativeException>(() =>
            NativeAgent.Create(new NativeAgentOptions { UtcOffsetMinutes = 10000 }, NativeTestAgent.T0));
        Assert.That(ex!.Status, Is.EqualTo(SaStatus.InvalidArgument));
        Assert.That(ex.Message, Does.Contain("invalid argument"));
    }

    [Test]
    public void Create_BadStartTimeOrTinyMemoryLimit_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<SecurityAgentNativeException>(() => NativeAgent.Create(new NativeAgentOptions(), -1))!.Status,
                Is.EqualTo(SaStatus.InvalidArgument));
            Assert.That(Assert.Throws<SecurityAgentNativeException>(() => NativeTestAgent.Create(memoryLimit: 64))!.Status,
                Is.EqualTo(SaStatus.NoMemory));
        });
    }

    [Test]
    public void Tick_LoginAfterHighInterval_BuildsTheExactMessage()
    {
        using var agent = NativeTestAgent.Create(utcOffsetMinutes: 60);
        Assert.That(agent.Tick(NativeTestAgent.T0).SnapshotDue, Is.True);
        Assert.That(agent.ApplyTwin("""{"eventPriorityDroppedEventsStatistics":{"value":"Off"},"eventPriorityMessageStatistics":{"value":"Off"}}"""u8),
            Is.EqualTo(SaStatus.Ok));
        using (var login = NativeTestAgent.Login(agent))
        {
            login.SetTimestamp(NativeTestAgent.T0 + 1000);
            agent.Submit(login);
        }
        var tick = agent.Tick(NativeTestAgent.T0 + (7 * 60000));
        Assert.That(tick, Is.EqualTo(new NativeTickResult(1, false)));
        Assert.That(agent.TryTakeMessage(out var message), Is.True);
        Assert.That(message!.Priority, Is.EqualTo(SaQueueId.High));
        Assert.That(Text(message.Body), Does.EndWith(
            "\"Id\":\"00000000-0000-4000-8000-000000000003\",\"TimestampLocal\":\"2024-03-05T10:15:03.123+01:00\"," +
            "\"TimestampUTC\":\"2024-03-05T09:15:03.123Z\",\"Payload\":[{\"ProcessId\":7,\"Operation\":\"login\"," +
            "\"Executable\":\"/bin/login\",\"Result\":\"Success\",\"UserName\":\"root\"}]}]}"));
        Assert.That(Text(message.Body), Does.StartWith(
            "{\"AgentVersion\":\"1.2.0\",\"AgentId\":\"5b0d9d52-3a4f-4c1e-9f7e-0c2d41a8e6b3\",\"MessageSchemaVersion\":\"1.0\",\"Events\":["));
        Assert.That(agent.TryTakeMessage(out _), Is.False);
        Assert.That(agent.GetCounter(SaCounter.MessagesSent), Is.EqualTo(1UL));
    }

    [Test]
    public void ApplyTwin_BadJson_ReturnsBadJsonAndQueuesConfigurationError()
    {
        using var agent = NativeTestAgent.Create();
        Assert.That(agent.ApplyTwin("{\"a\":"u8), Is.EqualTo(SaStatus.BadJson));
        Assert.That(agent.LastError, Is.EqualTo("malformed JSON at byte 5: unexpected end of input"));
        Assert.That(agent.GetCounter(SaCounter.QueuedEvents, SaQueueId.Operational), Is.EqualTo(1UL));
    }

    [Test]
    public void ApplyTwin_SchemaViolation_ReturnsBadConfigurationAndKeepsReported()
    {
        using var agent = NativeTestAgent.Create();
        var before = Text(agent.GetReportedProperties());
        Assert.That(agent.ApplyTwin("""{"maxMessageSizeInBytes":{"value":"big"}}"""u8), Is.EqualTo(SaStatus.BadConfiguration));
        Assert.That(Text(agent.GetReportedProperties()), Is.EqualTo(before));
        Assert.That(before, Does.StartWith("{\"highPriorityMessageFrequency\":{\"value\":\"PT7M\"}"));
    }

    [Test]
    public void ApplyTwin_Accepted_ChangesReported()
    {
        using var agent = NativeTestAgent.Create();
        Assert.That(agent.ApplyTwin("""{"lowPriorityMessageFrequency":{"value":"PT90M"}}"""u8), Is.EqualTo(SaStatus.Ok));
        Assert.That(Text(agent.GetReportedProperties()), Does.Contain("\"lowPriorityMessageFrequency\":{\"value\":\"PT1H30M\"}"));
        Assert.That(agent.LastError, Is.Empty);
    }

    [Test]
    public void ApplyTwin_OversizeInput_ThrowsTooLarge()
    {
        using var agent = NativeTestAgent.Create();
        var big = new byte[70000];
        Array.Fill(big, (byte)' ');
        var ex = Assert.Throws<SecurityAgentNativeException>(() => agent.ApplyTwin(big));
        Assert.That(ex!.Status, Is.EqualTo(SaStatus.TooLarge));
        Assert.That(ex.Message, Does.Contain("over 65536 bytes"));
    }

    [Test]
    public void Submit_MissingRequiredField_ThrowsMissingField()
    {
        using var agent = NativeTestAgent.Create();
        using var e = agent.CreateEvent("Login");
        e.SetInteger("ProcessId", 1);
        var ex = Assert.Throws<SecurityAgentNativeException>(() => agent.Submit(e));
        Assert.That(ex!.Status, Is.EqualTo(SaStatus.MissingField));
        Assert.That(ex.Message, Does.Contain("required field Operation is missing"));
    }

    [Test]
    public void Submit_OperationalEvent_ThrowsInvalidArgument()
    {
        using var agent = NativeTestAgent.Create();
        using var e = agent.CreateEvent("Heartbeat");
        Assert.That(Assert.Throws<SecurityAgentNativeException>(() => agent.Submit(e))!.Status, Is.EqualTo(SaStatus.InvalidArgument));
    }

    [Test]
    public void Submit_EventOfAnotherAgent_ThrowsInvalidArgument()
    {
        using var agent = NativeTestAgent.Create();
        using var other = NativeTestAgent.Create();
        using var e = NativeTestAgent.Login(other);
        Assert.That(Assert.Throws<SecurityAgentNativeException>(() => agent.Submit(e))!.Status, Is.EqualTo(SaStatus.InvalidArgument));
    }

    [Test]
    public void SubmitLog_ErrorSeverity_QueuesDiagnosticAndBadSeverityThrows()
    {
        using var agent = NativeTestAgent.Create();
        agent.SubmitLog(3, "disk full", 10, 11, NativeTestAgent.AgentId);
        agent.SubmitLog(0, "debug is below the minimum", 10, 11);
        Assert.That(agent.GetCounter(SaCounter.CollectedEvents, SaQueueId.Low), Is.EqualTo(1UL));
        Assert.That(Assert.Throws<SecurityAgentNativeException>(() => agent.SubmitLog(7, "x", 1, 1))!.Status,
            Is.EqualTo(SaStatus.InvalidArgument));
    }

    [Test]
    public void RecordSendFailureAndSetConnected_ShowInOperationalEvents()
    {
        using var agent = NativeTestAgent.Create();
        Assert.That(agent.ApplyTwin("""{"eventPriorityHeartbeat":{"value":"Low"}}"""u8), Is.EqualTo(SaStatus.Ok));
        agent.Tick(NativeTestAgent.T0);
        agent.RecordSendFailure();
        agent.SetConnected(true);
        agent.Tick(NativeTestAgent.T0 + (13 * 3600000));
        var bodies = new StringBuilder();
        while (agent.TryTakeMessage(out var m))
            bodies.Append(Text(m!.Body));
        Assert.That(bodies.ToString(), Does.Contain("\"TotalFailed\":1"));
        Assert.That(bodies.ToString(), Does.Contain("\"ConnectionState\":\"Connected\""));
    }

    [Test]
    public void FlushAll_BeforeAnySendIsDue_BuildsEverythingOnTheHighPath()
    {
        using var agent = NativeTestAgent.Create();
        Assert.That(agent.ApplyTwin("""{"eventPriorityLogin":{"value":"High"}}"""u8), Is.EqualTo(SaStatus.Ok));
        using (var login = NativeTestAgent.Login(agent))
            agent.Submit(login);
        Assert.That(agent.Tick(NativeTestAgent.T0 + 1000).MessagesReady, Is.Zero);
        Assert.That(agent.FlushAll(), Is.EqualTo(1));
        Assert.That(agent.TryTakeMessage(out var message), Is.True);
        Assert.That(message!.Priority, Is.EqualTo(SaQueueId.High));
        Assert.That(Text(message.Body), Does.Contain("\"Name\":\"Login\""));
        Assert.That(agent.GetCounter(SaCounter.QueuedEvents), Is.Zero);
        Assert.That(agent.FlushAll(), Is.Zero);
    }

    [Test]
    public void GetCounter_BadQueue_ThrowsAndHeapBytesArePositive()
    {
        using var agent = NativeTestAgent.Create();
        Assert.That(agent.GetCounter(SaCounter.HeapBytes), Is.GreaterThan(0UL));
        Assert.That(agent.GetCounter(SaCounter.RouterDroppedEvents), Is.EqualTo(0UL));
        Assert.That(Assert.Throws<SecurityAgentNativeException>(() => agent.GetCounter(SaCounter.QueuedEvents, (SaQueueId)9))!.Status,
            Is.EqualTo(SaStatus.InvalidArgument));
    }

    [Test]
    public void Dispose_ThenUse_ThrowsObjectDisposed()
    {
        var agent = NativeTestAgent.Create();
        agent.Dispose();
        Assert.Throws<ObjectDisposedException>(() => agent.Tick(NativeTestAgent.T0));
        Assert.Throws<ObjectDisposedException>(() => agent.CreateEvent("Login"));
    }

    [Test]
    public void Dispose_AgentBeforeEvent_EventStaysUsable()
    {
        var agent = NativeTestAgent.Create();
        var e = NativeTestAgent.Login(agent);
        agent.Dispose();
        Assert.That(Text(e.ToJson()), Does.Contain("\"Name\":\"Login\""));
        e.Dispose();
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VERSION")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("VERSION not found above the test directory");
    }
}
