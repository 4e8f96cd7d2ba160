using System.Text;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Messages;
using SecurityAgent.Core.Tests.Support;

namespace SecurityAgent.Core.Tests.Messages;

public class EventSerializerTests
{
    private static string Serialize(SecurityEvent e) =>
        Encoding.UTF8.GetString(new EventSerializer(TimeSpan.FromHours(1)).Serialize(e).Bytes);

    [Test]
    public void Serialize_ProcessCreateAllFields_CanonicalOrderAndForm()
    {
        var e = SecurityEvent.Triggered(TestCore.Start, new ProcessCreatePayload
        {
            Executable = "/usr/bin/curl",
            ProcessId = 4321,
            ParentProcessId = 1,
            UserId = "1000",
            CommandLine = "curl -s \"http://example.org\"",
            UserName = "alice",
            ExtraDetails = new Dictionary<string, string> { ["b"] = "2", ["Hash"] = "", ["a"] = "1" },
        });
        Assert.That(Serialize(e), Is.EqualTo(
            "{\"EventType\":\"Security\",\"Category\":\"Triggered\",\"Name\":\"ProcessCreate\",\"IsEmpty\":false,\"PayloadSchemaVersion\":\"1.0\","
            + "\"Id\":\"00000000-0000-0000-0000-000000000000\",\"TimestampLocal\":\"2024-03-05T10:15:02.123+01:00\",\"TimestampUTC\":\"2024-03-05T09:15:02.123Z\","
            + "\"Payload\":[{\"Executable\":\"/usr/bin/curl\",\"ProcessId\":4321,\"ParentProcessId\":1,\"UserId\":\"1000\","
            + "\"CommandLine\":\"curl -s \\\"http://example.org\\\"\",\"UserName\":\"alice\",\"ExtraDetails\":{\"Hash\":\"\",\"a\":\"1\",\"b\":\"2\"}}]}"));
    }

    [Test]
    public void Serialize_EmptySnapshot_IsEmptyTrueAndEmptyPayload()
    {
        var json = Serialize(SecurityEvent.Periodic(EventName.LocalUsers, TestCore.Start, []));
        Assert.That(json, Does.Contain("\"IsEmpty\":true,").And.EndWith("\"Payload\":[]}"));
    }

    [Test]
    public void Serialize_ExtraDetailsNonAsciiKeys_OrderedByUtf8Bytes()
    {
        // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16.
        var e = SecurityEvent.Triggered(TestCore.Start, new ProcessTerminatePayload
        {
            Executable = "/bin/x",
            ProcessId = 1,
            ExitStatus = -1,
            ExtraDetails = new Dictionary<string, string> { ["😀"] = "1", ["Ａ"] = "2", ["z"] = "3" },
        });
        Assert.That(Serialize(e), Does.EndWith("\"ExitStatus\":-1,\"ExtraDetails\":{\"z\":\"3\",\"Ａ\":\"2\",\"😀\":\"1\"}}]}"));
    }

    [Test]
    public void Serialize_EmptyExtraDetails_Omitted()
    {
        var e = SecurityEvent.Triggered(TestCore.Start, new ProcessTerminatePayload
        {
            Executable = "/bin/x",
            ProcessId = 1,
            ExitStatus = 0,
            ExtraDetails = new Dictionary<string, string>(),
        });
        Assert.That(Serialize(e), Does.Not.Contain("ExtraDetails"));
    }

    [Test]
    public void Serialize_HostileCommandLine_TruncatedAndEscaped()
    {
        var hostile = "\u0000\u001f\"\\" + new string('é', 5000);
        var e = SecurityEvent.Triggered(TestCore.Start, new ProcessCreatePayload
        {
            Executable = "/bin/sh",
            ProcessId = 1,
            ParentProcessId = 0,
            UserId = "0",
            CommandLine = hostile,
        });
        // 4 ASCII bytes, then as many 2-byte é as fit in 4093 - 4 = 4089 bytes: 2044 of them.
        var expected = "\\u0000\\u001f\\\"\\\\" + new string('é', 2044) + "…";
        Assert.That(Serialize(e), Does.Contain("\"CommandLine\":\"" + expected + "\"}"));
    }
}
