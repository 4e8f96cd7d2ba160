using System.Text;

namespace SecurityAgent.Native.Tests;

public sealed class NativeCollectorTests
{
    [Test]
    public void Names_Registry_ListsTheCollectorsInOrder() =>
        Assert.That(NativeCollector.Names, Is.EqualTo(new[] { "SystemInformation", "LocalUsers", "ListeningPorts", "ProcessCreate", "OSBaseline", "ConnectionCreate", "Login", "FirewallConfiguration" }));

    [Test]
    public void Collect_LocalUsersFixture_SubmitsOneSnapshot()
    {
        using var agent = NativeTestAgent.Create();
        using var sut = NativeCollector.Create(agent, "LocalUsers", Fixture("LocalUsers", "root"));
        Assert.That(sut.IsPeriodic, Is.True);
        Assert.That(sut.Collect(), Is.EqualTo(SaStatus.Ok));
        Assert.Multiple(() =>
        {
            Assert.That(sut.GetCounter(SaCollectorCounter.SubmittedEvents), Is.EqualTo(1));
            Assert.That(sut.GetCounter(SaCollectorCounter.Malformed), Is.EqualTo(3));
            Assert.That(Flush(agent), Does.Contain("{\"UserName\":\"guest\",\"UserId\":\"1002\",\"GroupNames\":\"4242;sudo\""));
        });
    }

    [Test]
    public void Collect_MissingSource_ReturnsIoWithDetail()
    {
        using var agent = NativeTestAgent.Create();
        using var sut = NativeCollector.Create(agent, "LocalUsers", Fixture("SystemInformation", "root"));
        Assert.That(sut.Collect(), Is.EqualTo(SaStatus.Io));
        Assert.That(sut.LastError, Does.Contain("etc/passwd"));
        Assert.That(sut.GetCounter(SaCollectorCounter.FailedSnapshots), Is.EqualTo(1));
    }

    [Test]
    public void Feed_RecordedProcConnectorStream_SubmitsCreatesAndTerminates()
    {
        using var agent = NativeTestAgent.Create();
        using var sut = NativeCollector.Create(agent, "ProcessCreate", Fixture("ProcessCreate", "root"));
        sut.SetOption("source", "recorded");
        Assert.That(sut.IsPeriodic, Is.False);
        Assert.That(sut.Feed(File.ReadAllBytes(Fixture("ProcessCreate", "proc-connector.bin"))), Is.EqualTo(SaStatus.Ok));
        Assert.Multiple(() =>
        {
            Assert.That(sut.GetCounter(SaCollectorCounter.SubmittedEvents), Is.EqualTo(4));
            Assert.That(sut.GetCounter(SaCollectorCounter.Incomplete), Is.EqualTo(1));
        });
    }

    [Test]
    public void SetOption_BadValueOrAfterStart_Throws()
    {
        using var agent = NativeTestAgent.Create();
        using var sut = NativeCollector.Create(agent, "ProcessCreate", Fixture("ProcessCreate", "root"));
        var bad = Assert.Throws<SecurityAgentNativeException>(() => sut.SetOption("source", "pigeon"));
        Assert.That(bad!.Status, Is.EqualTo(SaStatus.InvalidArgument));
        Assert.That(bad.Message, Does.Contain("source"));
        sut.SetOption("source", "recorded");
        Assert.That(sut.Start(), Is.EqualTo(SaStatus.Ok));
        Assert.That(Assert.Throws<SecurityAgentNativeException>(() => sut.SetOption("source", "polling"))!.Status,
            Is.EqualTo(SaStatus.InvalidState));
    }

    [Test]
    public void Create_UnknownNameOrRelativeRoot_Throws()
    {
        using var agent = NativeTestAgent.Create();
        Assert.That(Assert.Throws<SecurityAgentNativeException>(() => NativeCollector.Create(agent, "Nope", "/"))!.Status,
            Is.EqualTo(SaStatus.InvalidArgument));
        Assert.That(Assert.Throws<SecurityAgentNativeException>(() => NativeCollector.Create(agent, "LocalUsers", "etc"))!.Status,
            Is.EqualTo(SaStatus.InvalidArgument));
    }

    [Test]
    public void Dispose_AgentFirst_CollectorKeepsItAlive()
    {
        var agent = NativeTestAgent.Create();
        var sut = NativeCollector.Create(agent, "SystemInformation", Fixture("SystemInformation", "root"));
        agent.Dispose();
        Assert.That(sut.Collect(), Is.EqualTo(SaStatus.Ok));
        sut.Dispose();
    }

    private static string Flush(NativeAgent agent)
    {
        agent.FlushAll();
        var text = new StringBuilder();
        while (agent.TryTakeMessage(out var message))
            text.Append(Encoding.UTF8.GetString(message!.Body));
        return text.ToString();
    }

    private static string Fixture(string collector, string name) =>
        Path.Combine(AppContext.BaseDirectory, "linux-fixtures", collector, name);
}
