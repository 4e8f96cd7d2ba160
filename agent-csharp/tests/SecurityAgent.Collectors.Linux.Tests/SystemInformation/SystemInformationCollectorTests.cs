using LinuxSystemInformation = SecurityAgent.Collectors.Linux.SystemInformation.SystemInformationCollector;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.SystemInformation;

public sealed class SystemInformationCollectorTests
{
    [Test]
    public void Snapshot_FixtureTree_FillsEveryField()
    {
        var item = new LinuxSystemInformation(Fixtures.Path("SystemInformation", "root")).Snapshot();
        Assert.That(item, Is.EqualTo(new SystemInformationPayload
        {
            OSName = "Linux",
            OSVersion = "Debian GNU/Linux 12 (bookworm); kernel 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
            OSVendor = "Debian GNU/Linux",
            OsArchitecture = "x86_64",
            HostName = "gateway-7",
            BIOSVersion = "1.16.2-debian-1.16.2-1",
            BootDevice = "UUID=0f1e2d3c-aaaa-bbbb-cccc-001122334455",
            TotalPhysicalMemoryInKB = 4025344,
            FreePhysicalMemoryInKB = 2811904,
            TotalVirtualMemoryInKB = 4025344 + 1048572,
            FreeVirtualMemoryInKB = 2811904 + 1048000,
        }));
    }

    [Test]
    public void Snapshot_EmptyTree_OmitsWhatIsMissing()
    {
        using var scratch = Fixtures.Scratch();
        var item = new LinuxSystemInformation(scratch.FullPath).Snapshot();
        Assert.That(item.HostName, Is.Null);
        Assert.That(item.TotalPhysicalMemoryInKB, Is.Null);
        Assert.That(item.OSName, Is.EqualTo("Linux"));
    }

    [Test]
    public void Snapshot_LiveHost_MatchesTheKernel()
    {
        var item = new LinuxSystemInformation().Snapshot();
        Assert.That(item.HostName, Is.EqualTo(File.ReadAllText("/proc/sys/kernel/hostname").Trim()));
        Assert.That(item.OSVersion, Does.Contain(File.ReadAllText("/proc/sys/kernel/osrelease").Trim()));
        Assert.That(item.TotalPhysicalMemoryInKB, Is.GreaterThan(0));
        Assert.That(item.FreePhysicalMemoryInKB, Is.LessThanOrEqualTo(item.TotalPhysicalMemoryInKB));
    }

    [Test]
    public void KeyValues_QuotedAndMalformedLines_AreHandled()
    {
        var values = LinuxSystemInformation.KeyValues("A=\"x y\"\nB='z'\n=bad\nnoequals\nC=plain\n#D=comment");
        Assert.That(values, Is.EqualTo(new Dictionary<string, string> { ["A"] = "x y", ["B"] = "z", ["C"] = "plain" }));
    }

    [Test]
    public void MemInfo_TruncatedLines_AreSkipped()
    {
        var values = LinuxSystemInformation.MemInfo("MemTotal: 10 kB\nMemFree:\nSwap");
        Assert.That(values, Is.EqualTo(new Dictionary<string, ulong?> { ["MemTotal"] = 10 }));
    }
}
