using SecurityAgent.Collectors.Linux.ProcessCreate;

namespace SecurityAgent.Collectors.Linux.Tests.ProcessCreate;

public sealed class ProcConnectorParserTests
{
    private static byte[] Recorded() => File.ReadAllBytes(Fixtures.Path("ProcessCreate", "proc-connector.bin"));

    [Test]
    public void Parse_RecordedStream_YieldsForkExecExitInOrder()
    {
        var events = new List<ProcEvent>();
        long malformed = 0;
        var count = ProcConnectorParser.Parse(Recorded(), events, ref malformed);
        Assert.That(malformed, Is.Zero);
        Assert.That(count, Is.EqualTo(6));
        Assert.That(events.Select(e => e.Kind), Is.EqualTo(new[]
        {
            ProcEventKind.Fork, ProcEventKind.Exec, ProcEventKind.Fork, ProcEventKind.Exec, ProcEventKind.Exit, ProcEventKind.Exit,
        }));
        Assert.That(events[0], Is.EqualTo(new ProcEvent(ProcEventKind.Fork, 26670, 26670, 26619, 0)));
        Assert.That(events[5], Is.EqualTo(new ProcEvent(ProcEventKind.Exit, 26670, 26670, 26619, 768)));
    }

    [Test]
    public void Parse_TruncatedStream_CountsMalformedAndKeepsWholeMessages()
    {
        var events = new List<ProcEvent>();
        long malformed = 0;
        ProcConnectorParser.Parse(Recorded().AsSpan(0, 76 * 3 + 30), events, ref malformed);
        Assert.That(events, Has.Count.EqualTo(2));
        Assert.That(malformed, Is.EqualTo(1));
    }

    [Test]
    public void Parse_LengthBeyondBuffer_IsMalformed()
    {
        var data = Recorded().AsSpan(0, 76).ToArray();
        data[0] = 200;
        var events = new List<ProcEvent>();
        long malformed = 0;
        ProcConnectorParser.Parse(data, events, ref malformed);
        Assert.That(events, Is.Empty);
        Assert.That(malformed, Is.EqualTo(1));
    }

    [Test]
    public void TryParseOne_WrongConnectorIndex_IsRejected()
    {
        var data = Recorded().AsSpan(76, 76).ToArray();
        data[16] = 7;
        Assert.That(ProcConnectorParser.TryParseOne(data, out _), Is.False);
    }

    [Test]
    public void TryParseOne_ShortUnion_IsRejected()
    {
        var data = Recorded().AsSpan(76 * 5, 76).ToArray();
        data[32] = 20; // cn_msg len: header plus 4 bytes of an exit event
        Assert.That(ProcConnectorParser.TryParseOne(data, out _), Is.False);
    }

    [Test]
    public void WriteListenRequest_Listen_MatchesKernelLayout()
    {
        var buffer = new byte[ProcConnectorParser.ListenRequestLength];
        ProcConnectorParser.WriteListenRequest(buffer, listen: true, portId: 42);
        Assert.That(BitConverter.ToUInt32(buffer, 0), Is.EqualTo(40));
        Assert.That(BitConverter.ToUInt32(buffer, 12), Is.EqualTo(42));
        Assert.That(BitConverter.ToUInt32(buffer, 16), Is.EqualTo(1));
        Assert.That(BitConverter.ToUInt32(buffer, 36), Is.EqualTo(1));
    }
}
