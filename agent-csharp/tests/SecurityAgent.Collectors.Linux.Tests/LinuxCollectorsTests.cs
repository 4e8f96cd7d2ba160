using SecurityAgent.Collectors.Linux.ConnectionCreate;

namespace SecurityAgent.Collectors.Linux.Tests;

public sealed class LinuxCollectorsTests
{
    [Test]
    public void Create_Default_EveryCollectorOnceWithStatistics()
    {
        var collectors = LinuxCollectors.Create(new LinuxCollectorOptions());
        var names = collectors.Select(c => c.Name).ToList();
        Assert.That(names, Is.Unique);
        Assert.That(names, Is.SupersetOf(new[] { "ProcessCreate", "ConnectionCreate", "Login", "ListeningPorts", "LocalUsers", "FirewallConfiguration", "OSBaseline", "SystemInformation" }));
        Assert.That(collectors, Has.All.InstanceOf<ICollectorStatistics>());
        foreach (ICollectorStatistics statistics in collectors.Cast<ICollectorStatistics>())
        {
            Assert.That((statistics.Overflows, statistics.Malformed, statistics.KernelLost, statistics.Incomplete), Is.EqualTo((0L, 0L, 0L, 0L)));
        }
        Assert.That(collectors.OfType<ConnectionCreateCollector>().Single().SharesAuditCounters, Is.True);
    }

    [Test]
    public void Create_EmptyRoot_Throws() =>
        Assert.That(() => LinuxCollectors.Create(new LinuxCollectorOptions { Root = "" }), Throws.ArgumentException);
}
