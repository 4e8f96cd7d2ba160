using SecurityAgent.Collectors.Linux.Audit;

namespace SecurityAgent.Collectors.Linux.Tests.Audit;

/// <summary>
/// Real audit netlink on this machine (root): the hub's socket carries an in-kernel filter for
/// the record types its subscribers read, recomputed as they come and go (SO_GET_FILTER gives its
/// length: eight instructions and one check per type, EOE among them).
/// </summary>
[NonParallelizable]
public sealed class AuditHubFilterLiveTests
{
    private const int FixedInstructions = 8;

    [Test]
    public void Subscribe_TypeListsComeAndGo_FilterCoversTheirUnionOrNoneWhenOneReadsAll()
    {
        var hub = new AuditHub();
        var exec = hub.Subscribe(_ => { }, [], out var message, [AuditRecordType.Syscall, AuditRecordType.Execve]);
        if (exec is null)
        {
            Assert.Ignore(message);
        }
        try
        {
            Assert.That(hub.RecordFilterLength, Is.EqualTo(FixedInstructions + 3), "EOE, SYSCALL, EXECVE");
            using (var connect = hub.Subscribe(_ => { }, [], out message, [AuditRecordType.Syscall, AuditRecordType.Sockaddr, AuditRecordType.Proctitle]))
            {
                Assert.That(connect, Is.Not.Null, message);
                Assert.That(hub.RecordFilterLength, Is.EqualTo(FixedInstructions + 5), "SYSCALL counted once");
                using (var everything = hub.Subscribe(_ => { }, [], out message))
                {
                    Assert.That(everything, Is.Not.Null, message);
                    Assert.That(hub.RecordFilterLength, Is.Zero, "a subscriber reads every type");
                }
                Assert.That(hub.RecordFilterLength, Is.EqualTo(FixedInstructions + 5));
            }
            Assert.That(hub.RecordFilterLength, Is.EqualTo(FixedInstructions + 3));
        }
        finally
        {
            exec.Dispose();
        }
        Assert.That((hub.Mode, hub.RecordFilterLength), Is.EqualTo(((string?)null, 0)));
    }
}
