using System.Text;

namespace SecurityAgent.Native.Tests;

public sealed class NativeEventTests
{
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Test]
    public void CreateEvent_UnknownName_ThrowsUnknownEvent()
    {
        using var agent = NativeTestAgent.Create();
        var ex = Assert.Throws<SecurityAgentNativeException>(() => agent.CreateEvent("NoSuchEvent"));
        Assert.That(ex!.Status, Is.EqualTo(SaStatus.UnknownEvent));
        Assert.That(ex.Message, Does.Contain("unknown event name"));
    }

    [Test]
    public void ToJson_FieldsInAnyOrder_AreWrittenInSchemaOrder()
    {
        using var agent = NativeTestAgent.Create(utcOffsetMinutes: -330);
        using var e = agent.CreateEvent("ProcessTerminate");
        e.SetInteger("ExitStatus", -1);
        e.SetInteger("ProcessId", 5);
        e.SetString("Executable", "/bin/ö");
        e.AddDetail("b", "2");
        e.AddDetail("a", "1");
        e.SetTimestamp(NativeTestAgent.T0);
        Assert.That(Text(e.ToJson()), Is.EqualTo(
            "{\"EventType\":\"Security\",\"Category\":\"Triggered\",\"Name\":\"ProcessTerminate\",\"IsEmpty\":false," +
            "\"PayloadSchemaVersion\":\"1.0\",\"Id\":\"00000000-0000-0000-0000-000000000000\"," +
            "\"TimestampLocal\":\"2024-03-05T03:45:02.123-05:30\",\"TimestampUTC\":\"2024-03-05T09:15:02.123Z\"," +
            "\"Payload\":[{\"Executable\":\"/bin/ö\",\"ProcessId\":5,\"ExitStatus\":-1,\"ExtraDetails\":{\"a\":\"1\",\"b\":\"2\"}}]}"));
    }

    [Test]
    public void SetString_InvalidUtf8_IsRepairedWithReplacementCharacter()
    {
        using var agent = NativeTestAgent.Create();
        using var e = agent.CreateEvent("ListeningPorts");
        e.SetString("LocalPort", [0x32, 0xFF, 0x32]);
        e.SetString("Protocol", "tcp\n");
        Assert.That(Text(e.ToJson()), Does.Contain("[{\"LocalPort\":\"2\uFFFD2\",\"Protocol\":\"tcp\\n\"}]"));
    }

    [Test]
    public void SetString_OverLimit_IsTruncatedWithEllipsis()
    {
        using var agent = NativeTestAgent.Create();
        using var e = agent.CreateEvent("ListeningPorts");
        e.SetString("LocalPort", new string('9', 2000));
        Assert.That(Text(e.ToJson()), Does.Contain("\"LocalPort\":\"" + new string('9', 1021) + "…\""));
    }

    [Test]
    public void SetString_OversizeInput_ThrowsTooLarge()
    {
        using var agent = NativeTestAgent.Create();
        using var e = agent.CreateEvent("ListeningPorts");
        var big = new byte[(1024 * 1024) + 1];
        Assert.That(Assert.Throws<SecurityAgentNativeException>(() => e.SetString("LocalPort", big))!.Status,
            Is.EqualTo(SaStatus.TooLarge));
    }

    [Test]
    public void Setters_WrongFieldOrType_Throw()
    {
        using var agent = NativeTestAgent.Create();
        using var e = agent.CreateEvent("FirewallConfiguration");
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<SecurityAgentNativeException>(() => e.SetString("Nope", "x"))!.Status, Is.EqualTo(SaStatus.UnknownField));
            Assert.That(Assert.Throws<SecurityAgentNativeException>(() => e.SetInteger("Action", 1))!.Status, Is.EqualTo(SaStatus.FieldType));
            Assert.That(Assert.Throws<SecurityAgentNativeException>(() => e.SetBoolean("Priority", true))!.Status, Is.EqualTo(SaStatus.FieldType));
            Assert.That(Assert.Throws<SecurityAgentNativeException>(() => e.AddDetail("", "x"))!.Status, Is.EqualTo(SaStatus.InvalidArgument));
            Assert.That(Assert.Throws<SecurityAgentNativeException>(() => e.SetTimestamp(-5))!.Status, Is.EqualTo(SaStatus.InvalidArgument));
        });
        e.SetBoolean("Enabled", false);
        e.SetString("Action", "Allow");
        Assert.That(Text(e.ToJson()), Does.Contain("[{\"Enabled\":false,\"Action\":\"Allow\"}]"));
    }

    [Test]
    public void AddItem_TriggeredEvent_ThrowsInvalidState()
    {
        using var agent = NativeTestAgent.Create();
        using var e = agent.CreateEvent("Login");
        Assert.That(Assert.Throws<SecurityAgentNativeException>(e.AddItem)!.Status, Is.EqualTo(SaStatus.InvalidState));
    }

    [Test]
    public void Reset_ToAnotherName_EmptiesTheEvent()
    {
        using var agent = NativeTestAgent.Create();
        using var e = NativeTestAgent.Login(agent);
        e.Reset("LocalUsers");
        Assert.That(Text(e.ToJson()), Does.Contain("\"Name\":\"LocalUsers\",\"IsEmpty\":true"));
        e.AddItem();
        Assert.That(Assert.Throws<SecurityAgentNativeException>(() => e.Reset("Bogus"))!.Status, Is.EqualTo(SaStatus.UnknownEvent));
    }

    [Test]
    public void Dispose_ThenUse_ThrowsObjectDisposed()
    {
        using var agent = NativeTestAgent.Create();
        var e = agent.CreateEvent("Login");
        e.Dispose();
        Assert.Throws<ObjectDisposedException>(() => e.SetInteger("ProcessId", 1));
        Assert.Throws<ObjectDisposedException>(() => agent.Submit(e));
    }
}
