using System.Text;
using Microsoft.Extensions.Time.Testing;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Ids;
using SecurityAgent.Core.Tests.Support;

namespace SecurityAgent.Core.Tests;

/// <summary>The complete message of schemas/CANONICAL.md §8, produced through the whole pipeline.</summary>
public class AgentCoreGoldenTests
{
    private const string Expected =
        "{\"AgentVersion\":\"0.1.0\",\"AgentId\":\"5b0d9d52-3a4f-4c1e-9f7e-0c2d41a8e6b3\",\"MessageSchemaVersion\":\"1.0\",\"Events\":["
        + "{\"EventType\":\"Security\",\"Category\":\"Triggered\",\"Name\":\"ProcessCreate\",\"IsEmpty\":false,\"PayloadSchemaVersion\":\"1.0\",\"Id\":\"00000000-0000-4000-8000-000000000001\",\"TimestampLocal\":\"2024-03-05T10:15:02.123+01:00\",\"TimestampUTC\":\"2024-03-05T09:15:02.123Z\",\"Payload\":[{\"Executable\":\"/usr/bin/grep\",\"ProcessId\":4242,\"ParentProcessId\":811,\"UserId\":\"1000\",\"CommandLine\":\"grep -c \\\"café\\\"\\t/var/log/x\uFFFD\",\"ExtraDetails\":{\"B\":\"1\",\"b\":\"2\"}}]},"
        + "{\"EventType\":\"Security\",\"Category\":\"Aggregated\",\"Name\":\"ConnectionCreate\",\"IsEmpty\":false,\"PayloadSchemaVersion\":\"1.0\",\"Id\":\"00000000-0000-4000-8000-000000000002\",\"TimestampLocal\":\"2024-03-05T10:15:02.123+01:00\",\"TimestampUTC\":\"2024-03-05T09:15:02.123Z\",\"Payload\":[{\"RemoteAddress\":\"192.0.2.10\",\"RemotePort\":\"*\",\"Direction\":\"In\",\"Protocol\":\"tcp\",\"ProcessId\":0,\"Executable\":\"/usr/sbin/sshd\",\"LocalPort\":\"22\",\"ExtraDetails\":{\"EndTimeLocal\":\"2024-03-05T10:15:02.123+01:00\",\"EndTimeUtc\":\"2024-03-05T09:15:02.123Z\",\"HitCount\":\"3\",\"StartTimeLocal\":\"2024-03-05T09:15:02.123+01:00\",\"StartTimeUtc\":\"2024-03-05T08:15:02.123Z\"}}]},"
        + "{\"EventType\":\"Security\",\"Category\":\"Periodic\",\"Name\":\"ListeningPorts\",\"IsEmpty\":true,\"PayloadSchemaVersion\":\"1.0\",\"Id\":\"00000000-0000-4000-8000-000000000003\",\"TimestampLocal\":\"2024-03-05T10:15:02.123+01:00\",\"TimestampUTC\":\"2024-03-05T09:15:02.123Z\",\"Payload\":[]}]}";

    [Test]
    public void Tick_CanonicalExampleInputs_ProducesTheCanonicalMessageByteForByte()
    {
        var t = new DateTimeOffset(2024, 3, 5, 9, 15, 2, TimeSpan.Zero).AddTicks(1234560);
        var core = AgentCore.Create(new AgentCoreOptions
        {
            AgentId = TestCore.AgentId,
            AgentVersion = "0.1.0",
            UtcOffset = TimeSpan.FromHours(1),
            TimeProvider = new FakeTimeProvider(t.AddHours(-1)),
            IdSource = new DeterministicEventIdSource(),
        });
        var twin = core.ApplyTwin("""
            {"aggregationEnabledProcessCreate":{"value":false},"eventPriorityListeningPorts":{"value":"low"},
             "eventPriorityDroppedEventsStatistics":{"value":"Off"},"eventPriorityMessageStatistics":{"value":"Off"},
             "highPriorityMessageFrequency":{"value":"PT2H"},"lowPriorityMessageFrequency":{"value":"PT2H"}}
            """);
        Assert.That(twin.Accepted, Is.True);

        var commandLine = Encoding.UTF8.GetString([.. "grep -c \"café\"\t/var/log/x"u8, 0xFF]);
        var details = new Dictionary<string, string> { ["b"] = "2", ["B"] = "1" };
        core.SubmitEvent(SecurityEvent.Triggered(t, new ProcessCreatePayload
        {
            Executable = "/usr/bin/grep",
            ProcessId = 4242,
            ParentProcessId = 811,
            UserId = "1000",
            CommandLine = commandLine,
            ExtraDetails = details,
        }));
        for (var i = 0; i < 3; i++)
        {
            core.SubmitEvent(SecurityEvent.Triggered(t, new ConnectionCreatePayload
            {
                RemoteAddress = "192.0.2.10",
                RemotePort = (50000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Direction = ConnectionDirection.In,
                Protocol = "tcp",
                ProcessId = (uint)(700 + i),
                Executable = "/usr/sbin/sshd",
                LocalPort = "22",
            }));
        }

        var first = core.Tick(t);
        Assert.That(first.Messages, Is.Empty);
        Assert.That(first.SnapshotDue, Is.True);
        core.SubmitEvent(SecurityEvent.Periodic(EventName.ListeningPorts, t, []));

        var second = core.Tick(t.AddHours(1));

        Assert.That(second.Messages, Has.Count.EqualTo(1));
        Assert.That(Encoding.UTF8.GetString(second.Messages[0].Body), Is.EqualTo(Expected));
        Assert.That(second.Messages[0].Body, Has.Length.EqualTo(1427));
        Assert.That(MessageSchema.ValidateMessage(second.Messages[0].Body), Is.Null);
    }
}
