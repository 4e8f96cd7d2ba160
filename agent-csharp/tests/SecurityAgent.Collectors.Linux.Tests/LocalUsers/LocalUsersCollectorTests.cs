using SecurityAgent.Collectors.Linux.LocalUsers;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.LocalUsers;

public sealed class LocalUsersCollectorTests
{
    [Test]
    public void Snapshot_FixtureTree_ListsUsersWithPrimaryThenSupplementaryGroups()
    {
        var sut = new LocalUsersCollector(Fixtures.Path("LocalUsers", "root"));
        var items = sut.Snapshot();
        Assert.That(items, Is.EqualTo(new[]
        {
            new LocalUsersPayload { UserName = "root", UserId = "0", GroupNames = "root;docker", GroupIds = "0;999" },
            new LocalUsersPayload { UserName = "daemon", UserId = "1", GroupNames = "daemon", GroupIds = "1" },
            new LocalUsersPayload { UserName = "operator", UserId = "1000", GroupNames = "operator;adm;sudo;docker", GroupIds = "1000;4;27;999" },
            new LocalUsersPayload { UserName = "guest", UserId = "1002", GroupNames = "4242;sudo", GroupIds = "4242;27" },
        }));
        Assert.That(sut.Malformed, Is.EqualTo(3));
    }

    [Test]
    public void Snapshot_MissingPasswd_Throws()
    {
        using var scratch = Fixtures.Scratch();
        Assert.That(() => new LocalUsersCollector(scratch.FullPath).Snapshot(), Throws.InstanceOf<IOException>());
    }

    [Test]
    public async Task RunAsync_UserAddedToScratchTree_AppearsInTheNextSnapshot()
    {
        using var scratch = Fixtures.Scratch();
        scratch.Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
        scratch.Write("etc/group", "root:x:0:\nwheel:x:10:\n");
        using var context = new TestCollectorContext();
        using var stop = new CancellationTokenSource();
        var run = new LocalUsersCollector(scratch.FullPath).RunAsync(context, stop.Token);
        context.ReleaseSnapshot();
        Assert.That(await TestCollectorContext.EventuallyAsync(() => context.Events.Count == 1), Is.True);
        File.AppendAllText(Path.Combine(scratch.FullPath, "etc/passwd"), "alice:x:1500:1500::/home/alice:/bin/sh\n");
        File.WriteAllText(Path.Combine(scratch.FullPath, "etc/group"), "root:x:0:\nwheel:x:10:alice\nalice:x:1500:\n");
        context.ReleaseSnapshot();
        Assert.That(await TestCollectorContext.EventuallyAsync(() => context.Events.Count == 2), Is.True);
        await stop.CancelAsync();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(context.Events[0].Payload, Has.Count.EqualTo(1));
        Assert.That(context.Events[1].Payload.OfType<LocalUsersPayload>().Single(u => u.UserName == "alice"),
            Is.EqualTo(new LocalUsersPayload { UserName = "alice", UserId = "1500", GroupNames = "alice;wheel", GroupIds = "1500;10" }));
        Assert.That(context.Events[1].Category, Is.EqualTo(EventCategory.Periodic));
    }
}
