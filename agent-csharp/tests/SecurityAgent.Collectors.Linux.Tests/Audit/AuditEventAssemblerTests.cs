using SecurityAgent.Collectors.Linux.Audit;

namespace SecurityAgent.Collectors.Linux.Tests.Audit;

public sealed class AuditEventAssemblerTests
{
    private static AuditRecord Record(int type, ulong serial) =>
        new(type, DateTimeOffset.UnixEpoch, serial, string.Empty, 0, 0);

    [Test]
    public void Add_InterleavedSerials_CompletesEachAtItsEoe()
    {
        var sut = new AuditEventAssembler();
        var done = new List<IReadOnlyList<AuditRecord>>();
        sut.Add(Record(AuditRecordType.Syscall, 1), done);
        sut.Add(Record(AuditRecordType.Syscall, 2), done);
        sut.Add(Record(AuditRecordType.Sockaddr, 1), done);
        sut.Add(Record(AuditRecordType.Eoe, 2), done);
        sut.Add(Record(AuditRecordType.Eoe, 1), done);
        Assert.That(done.Select(e => (e[0].Serial, e.Count)), Is.EqualTo(new[] { (2UL, 1), (1UL, 2) }));
    }

    [Test]
    public void Add_UserRecord_CompletesAtOnce()
    {
        var done = new List<IReadOnlyList<AuditRecord>>();
        new AuditEventAssembler().Add(Record(AuditRecordType.UserLogin, 9), done);
        Assert.That(done, Has.Count.EqualTo(1));
    }

    [Test]
    public void Add_LostEoes_StayBounded()
    {
        var sut = new AuditEventAssembler();
        var done = new List<IReadOnlyList<AuditRecord>>();
        for (ulong i = 0; i < 10_000; i++)
        {
            sut.Add(Record(AuditRecordType.Syscall, i), done);
        }
        Assert.That(done, Has.Count.EqualTo(10_000 - AuditEventAssembler.MaxPending));
        done.Clear();
        sut.Flush(done);
        Assert.That(done, Has.Count.EqualTo(AuditEventAssembler.MaxPending));
    }

    [Test]
    public void Add_SerialReusedAfterEoe_QueueStaysBounded()
    {
        var sut = new AuditEventAssembler();
        var done = new List<IReadOnlyList<AuditRecord>>();
        var order = (Queue<ulong>)typeof(AuditEventAssembler)
            .GetField("_order", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(sut)!;
        sut.Add(Record(AuditRecordType.Syscall, 1), done);
        for (var i = 0; i < 5_000; i++)
        {
            sut.Add(Record(AuditRecordType.Syscall, 5), done);
            sut.Add(Record(AuditRecordType.Eoe, 5), done);
            Assert.That(order, Has.Count.LessThanOrEqualTo((AuditEventAssembler.MaxPending * 4) + 1));
        }
        Assert.That(done, Has.Count.EqualTo(5_000));
        sut.Add(Record(AuditRecordType.Syscall, 5), done);
        done.Clear();
        sut.Flush(done);
        Assert.That(done.Select(e => e[0].Serial), Is.EqualTo(new[] { 1UL, 5UL }));
    }
}
