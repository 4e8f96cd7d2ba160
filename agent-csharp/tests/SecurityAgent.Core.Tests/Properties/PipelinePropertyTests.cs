using System.Globalization;
using System.Text.Json;
using CsCheck;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Tests.Support;

namespace SecurityAgent.Core.Tests.Properties;

/// <summary>Properties that hold for any sequence of events, ticks and twin updates.</summary>
public class PipelinePropertyTests
{
    private static readonly string[] Twins =
    [
        "{}",
        """{"maxMessageSizeInBytes":{"value":8192},"maxLocalCacheSizeInBytes":{"value":16384}}""",
        """{"maxMessageSizeInBytes":{"value":10000},"highPriorityMessageFrequency":{"value":"PT1M"},"lowPriorityMessageFrequency":{"value":"PT3M"}}""",
        """{"eventPriorityLogin":{"value":"Off"},"aggregationEnabledProcessCreate":{"value":false},"eventPriorityHeartbeat":{"value":"high"},"heartbeatFrequency":{"value":"PT2M"}}""",
        """{"aggregationIntervalProcessCreate":{"value":"PT5M"},"aggregationMaxDistinctKeys":{"value":16},"snapshotFrequency":{"value":"PT20M"}}""",
        """{"maxMessageSizeInBytes":{"value":"bad"}}""",
        """{"highPriorityMessageFrequency":{"value":"PT6H"},"eventPriorityDiagnostic":{"value":"High"},"diagnosticEventsMinimumSeverity":{"value":"debug"}}""",
        "[1]",
    ];

    private static readonly string[] Hostile = ["ls -l", "a\"b\\c", "\u0001\u001f\t", "😀 שלום", "x\uD800y", "é", new string('z', 5000)];

    private abstract record Op;

    private sealed record SubmitProcess(int Command, uint Pid) : Op;

    private sealed record SubmitConnection(int Port, bool Inbound) : Op;

    private sealed record SubmitLogin(int User) : Op;

    private sealed record SubmitPorts(int Count) : Op;

    private sealed record SubmitLogEntry(int Severity) : Op;

    private sealed record Advance(int Minutes) : Op;

    private sealed record Twin(int Index) : Op;

    private static readonly Gen<Op> OpGen = Gen.Frequency(
        (6, Gen.Select(Gen.Int[0, Hostile.Length + 20], Gen.UInt[0, 5000], (c, p) => (Op)new SubmitProcess(c, p))),
        (3, Gen.Select(Gen.Int[0, 30], Gen.Bool, (p, i) => (Op)new SubmitConnection(p, i))),
        (2, Gen.Int[0, 5].Select(u => (Op)new SubmitLogin(u))),
        (1, Gen.Int[0, 400].Select(n => (Op)new SubmitPorts(n))),
        (1, Gen.Int[0, 4].Select(s => (Op)new SubmitLogEntry(s))),
        (4, Gen.Int[0, 120].Select(m => (Op)new Advance(m))),
        (1, Gen.Int[0, Twins.Length - 1].Select(i => (Op)new Twin(i))));

    private sealed class Run
    {
        public List<(byte[] Body, int Limit)> Messages { get; } = [];

        public long AggregatableSubmitted { get; set; }

        public AgentCore Core { get; } = TestCore.Create();
    }

    private static Run Execute(Op[] ops, bool finalDrain)
    {
        var run = new Run();
        var core = run.Core;
        var now = TestCore.Start;
        foreach (var op in ops)
        {
            switch (op)
            {
                case SubmitProcess p:
                    var command = p.Command < Hostile.Length ? Hostile[p.Command] : "job " + p.Command.ToString(CultureInfo.InvariantCulture);
                    core.SubmitEvent(TestCore.Process(command, p.Pid, at: now));
                    if (core.Configuration.PriorityOf(EventName.ProcessCreate) != SecurityAgent.Core.Configuration.EventPriority.Off)
                    {
                        run.AggregatableSubmitted++;
                    }

                    break;
                case SubmitConnection c:
                    core.SubmitEvent(SecurityEvent.Triggered(now, new ConnectionCreatePayload
                    {
                        RemoteAddress = "192.0.2." + c.Port.ToString(CultureInfo.InvariantCulture),
                        RemotePort = (40000 + c.Port).ToString(CultureInfo.InvariantCulture),
                        Direction = c.Inbound ? ConnectionDirection.In : ConnectionDirection.Out,
                        Protocol = "tcp",
                        ProcessId = 7,
                        Executable = "/usr/bin/curl",
                        LocalPort = "22",
                    }));
                    run.AggregatableSubmitted++;
                    break;
                case SubmitLogin l:
                    core.SubmitEvent(TestCore.Login("user" + l.User.ToString(CultureInfo.InvariantCulture), now));
                    break;
                case SubmitPorts s:
                    core.SubmitEvent(TestCore.Ports(s.Count, now));
                    break;
                case SubmitLogEntry e:
                    core.SubmitLog(new LogRecord(now, (DiagnosticSeverity)e.Severity, "log \u0007 entry", 10, 11));
                    break;
                case Advance a:
                    now = now.AddMinutes(a.Minutes);
                    Tick(run, now);
                    break;
                case Twin t:
                    core.ApplyTwin(Twins[t.Index]);
                    break;
            }
        }

        if (finalDrain)
        {
            for (var i = 0; i < 3; i++)
            {
                now = now.AddHours(6);
                Tick(run, now);
            }
        }

        return run;
    }

    private static void Tick(Run run, DateTimeOffset now)
    {
        var limit = run.Core.Configuration.MaxMessageSizeInBytes;
        foreach (var m in run.Core.Tick(now).Bodies())
        {
            run.Messages.Add((m, limit));
        }
    }

    private static IEnumerable<JsonElement> Events(Run run) => run.Messages.SelectMany(m =>
        JsonDocument.Parse(m.Body).RootElement.GetProperty("Events").EnumerateArray().Select(e => e.Clone()));

    [Test]
    public void AnySequence_EveryMessageValidAndWithinLimit()
    {
        var checkedMessages = 0;
        OpGen.Array[1, 40].Sample(ops =>
        {
            var run = Execute(ops, finalDrain: false);
            Interlocked.Add(ref checkedMessages, run.Messages.Count);
            foreach (var (body, limit) in run.Messages)
            {
                if (body.Length > limit)
                {
                    return false;
                }

                var errors = MessageSchema.ValidateMessage(body);
                if (errors is not null)
                {
                    throw new AssertionException(errors + Environment.NewLine + System.Text.Encoding.UTF8.GetString(body));
                }
            }

            return true;
        }, iter: 60, threads: 1);
        Assert.That(checkedMessages, Is.GreaterThan(20), "the generator must produce messages to check");
        TestContext.Out.WriteLine($"{checkedMessages} messages validated");
    }

    [Test]
    public void AnySequence_CollectedIsSentPlusDroppedPlusQueuedPerQueue()
    {
        OpGen.Array[1, 60].Sample(ops =>
        {
            var run = Execute(ops, finalDrain: false);
            var s = run.Core.Statistics;
            var sentEvents = Events(run).Count();
            return new[] { s.High, s.Low, s.Operational }.All(q => q.CollectedEvents == q.SentEvents + q.DroppedEvents + q.QueuedEvents)
                && s.High.SentEvents + s.Low.SentEvents + s.Operational.SentEvents == sentEvents
                && s.MessagesSent == run.Messages.Count;
        }, iter: 150, threads: 1);
    }

    [Test]
    public void AnySequence_NoEventIdEmittedTwice()
    {
        OpGen.Array[1, 60].Sample(ops =>
        {
            var ids = Events(Execute(ops, finalDrain: true)).Select(e => e.GetProperty("Id").GetString()).ToList();
            return ids.Count == ids.Distinct(StringComparer.Ordinal).Count();
        }, iter: 150, threads: 1);
    }

    [Test]
    public void AnySequenceWithoutDrops_AggregatedHitCountsAddUpToRawEvents()
    {
        // Only twins that keep the default cache (nothing is evicted) and aggregatable events.
        var gen = Gen.Frequency(
            (6, Gen.Select(Gen.Int[Hostile.Length, Hostile.Length + 40], Gen.UInt[0, 50], (c, p) => (Op)new SubmitProcess(c, p))),
            (3, Gen.Select(Gen.Int[0, 30], Gen.Bool, (p, i) => (Op)new SubmitConnection(p, i))),
            (3, Gen.Int[0, 90].Select(m => (Op)new Advance(m))),
            (1, Gen.OneOf(Gen.Const(0), Gen.Const(3), Gen.Const(4), Gen.Const(5)).Select(i => (Op)new Twin(i))));
        gen.Array[1, 80].Sample(ops =>
        {
            var run = Execute(ops, finalDrain: true);
            var hits = Events(run)
                .Where(e => e.GetProperty("Name").GetString() is "ProcessCreate" or "ConnectionCreate")
                .Sum(e => e.GetProperty("Category").GetString() == "Aggregated"
                    ? long.Parse(e.GetProperty("Payload")[0].GetProperty("ExtraDetails").GetProperty("HitCount").GetString()!, CultureInfo.InvariantCulture)
                    : 1L);
            var s = run.Core.Statistics;
            return s.PendingAggregatedEvents == 0 && s.Low.DroppedEvents == 0 && hits == run.AggregatableSubmitted;
        }, iter: 150, threads: 1);
    }
}
