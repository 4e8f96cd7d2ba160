using System.Text;
using SecurityAgent.Collectors;
using SecurityAgent.Collectors.Linux.FirewallConfiguration;
using SecurityAgent.Collectors.Linux.ListeningPorts;
using SecurityAgent.Collectors.Linux.LocalUsers;
using SecurityAgent.Conformance.Tests.Agents;
using SecurityAgent.Conformance.Tests.Running;
using SecurityAgent.Core;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Ids;
using SecurityAgent.Native;

namespace SecurityAgent.Conformance.Tests.Collectors;

/// <summary>
/// Collector conformance: the same fixture tree (fixtures/linux, copied next to the assembly)
/// read by the C# collector into the C# core and by the C collector (libsecagent's
/// sa_collector_* API) into the C core must give byte-identical messages after FlushAll, with
/// deterministic ids and the same clock. Every fixture root is read by every snapshot collector,
/// so trees made for another collector (a missing etc/group, no /proc/net, no passwd at all)
/// are compared too; the recorded proc connector stream is replayed through both parsers.
/// </summary>
public sealed class CollectorConformanceTests
{
    private const long StartMs = 1709630102123; // 2024-03-05T09:15:02.123Z
    private const string AgentVersion = "1.2.0";
    private static readonly Guid AgentId = Guid.Parse("5b0d9d52-3a4f-4c1e-9f7e-0c2d41a8e6b3");
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "linux-fixtures");

    private static readonly string[] SnapshotCollectors = ["SystemInformation", "LocalUsers", "ListeningPorts"];

    private const string AggregationOff =
        """{"aggregationEnabledProcessCreate":{"value":false},"aggregationEnabledProcessTerminate":{"value":false}}""";

    public static IEnumerable<TestCaseData> SnapshotCases()
    {
        foreach (var root in Directory.EnumerateDirectories(Fixtures, "*", SearchOption.AllDirectories)
                     .Where(d => Path.GetFileName(d) is "root" or "hardened" or "weak")
                     .Order(StringComparer.Ordinal))
        {
            var tree = Path.GetRelativePath(Fixtures, root);
            foreach (var collector in SnapshotCollectors)
            {
                yield return new TestCaseData(collector, tree).SetName($"Snapshot_{collector}_On_{tree.Replace('/', '_')}");
            }
        }
    }

    [TestCaseSource(nameof(SnapshotCases))]
    public async Task Snapshot_FixtureTree_BothAgentsSendIdenticalBytes(string collector, string tree)
    {
        var root = Path.Combine(Fixtures, tree);
        var core = CreateCore(twin: null);
        using var done = new CancellationTokenSource();
        var context = new SnapshotContext(core, new FixedTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(StartMs)), done);
        await CreateManaged(collector, root).RunAsync(context, done.Token);
        var managed = core.FlushAll().Select(m => m.Body).ToList();

        using var agent = CreateNative(twin: null);
        SaStatus status;
        using (var native = NativeCollector.Create(agent, collector, root))
        {
            status = native.Collect();
        }
        var c = FlushNative(agent);

        Assert.That(status == SaStatus.Io, Is.EqualTo(context.Reports.Count > 0),
            $"a failed snapshot in one agent only (C# reports: {string.Join("; ", context.Reports)})");
        AssertIdentical(managed, c);
        if (status == SaStatus.Ok)
        {
            Assert.That(c, Has.Count.GreaterThan(0));
        }
    }

    [TestCase(null)]
    [TestCase(AggregationOff)]
    public void ProcConnector_RecordedStream_BothAgentsSendIdenticalBytes(string? twin)
    {
        var root = Path.Combine(Fixtures, "ProcessCreate", "root");
        var datagrams = File.ReadAllBytes(Path.Combine(Fixtures, "ProcessCreate", "proc-connector.bin"));
        var core = CreateCore(twin);
        var time = DateTimeOffset.FromUnixTimeMilliseconds(StartMs);
        foreach (var item in new ManagedProcConnector(root).Feed(datagrams))
        {
            core.SubmitEvent(SecurityEvent.Triggered(time, item));
        }
        var managed = core.FlushAll().Select(m => m.Body).ToList();

        using var agent = CreateNative(twin);
        using (var native = NativeCollector.Create(agent, "ProcessCreate", root))
        {
            native.SetOption("source", "recorded");
            Assert.That(native.Feed(datagrams), Is.EqualTo(SaStatus.Ok));
        }
        AssertIdentical(managed, FlushNative(agent));
    }

    [Test]
    public void ProcConnector_CutAndCorruptDatagrams_SameEventsAndSameMalformedCount()
    {
        var root = Path.Combine(Fixtures, "ProcessCreate", "root");
        var recording = File.ReadAllBytes(Path.Combine(Fixtures, "ProcessCreate", "proc-connector.bin"));
        var inputs = new List<byte[]>();
        for (var cut = 0; cut < recording.Length; cut += 13)
        {
            inputs.Add(recording[..cut]);
        }
        var corrupt = (byte[])recording.Clone();
        corrupt[16] = 9; // a foreign connector index in the first message
        corrupt[100] ^= 0xFF;
        inputs.Add(corrupt);

        var core = CreateCore(AggregationOff);
        var managedParser = new ManagedProcConnector(root);
        var time = DateTimeOffset.FromUnixTimeMilliseconds(StartMs);
        using var agent = CreateNative(AggregationOff);
        using var native = NativeCollector.Create(agent, "ProcessCreate", root);
        native.SetOption("source", "recorded");
        foreach (var input in inputs)
        {
            foreach (var item in managedParser.Feed(input))
            {
                core.SubmitEvent(SecurityEvent.Triggered(time, item));
            }
            Assert.That(native.Feed(input), Is.EqualTo(SaStatus.Ok));
        }
        Assert.That(native.GetCounter(SaCollectorCounter.Malformed), Is.EqualTo((ulong)managedParser.Malformed));
        Assert.That(managedParser.Malformed, Is.GreaterThan(0));
        AssertIdentical(core.FlushAll().Select(m => m.Body).ToList(), FlushNative(agent));
    }

    public static IEnumerable<TestCaseData> FirewallCases() =>
        Collectors.FirewallCases.All(Fixtures).Select(c => new TestCaseData(c.Name).SetName($"Firewall_{c.Name}"));

    /// <summary>
    /// FirewallConfiguration over recorded tool outputs: the C# collector runs stand-in tools
    /// (scripts printing the recording) found first on PATH, the C collector reads the same
    /// bytes with source "recorded"; same messages, same failure, same malformed count.
    /// </summary>
    [TestCaseSource(nameof(FirewallCases))]
    [NonParallelizable]
    public async Task Firewall_RecordedOutputs_BothAgentsSendIdenticalBytes(string name)
    {
        var recorded = Collectors.FirewallCases.All(Fixtures).Single(c => c.Name == name).Case;
        var work = Directory.CreateTempSubdirectory("sa-firewall-");
        var path = Environment.GetEnvironmentVariable("PATH");
        try
        {
            var bin = Directory.CreateDirectory(Path.Combine(work.FullName, "bin")).FullName;
            var root = Directory.CreateDirectory(Path.Combine(work.FullName, "root")).FullName;
            foreach (var (tool, file, output) in new[]
                     {
                         ("iptables-save", "iptables-save.txt", recorded.Iptables), ("ip6tables-save", "ip6tables-save.txt", recorded.Ip6tables),
                         ("nft", "nft-ruleset.json", recorded.Nft),
                     })
            {
                var script = Path.Combine(bin, tool);
                if (output is not null)
                {
                    File.WriteAllBytes(Path.Combine(root, file), output);
                }
                File.WriteAllText(script, output is null ? "#!/bin/sh\nexit 0\n" : $"#!/bin/sh\nexec cat '{Path.Combine(root, file)}'\n");
                if (OperatingSystem.IsLinux())
                {
                    File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                }
            }
            Environment.SetEnvironmentVariable("PATH", $"{bin}:{path}");
            var core = CreateCore(twin: null);
            using var done = new CancellationTokenSource();
            var context = new SnapshotContext(core, new FixedTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(StartMs)), done);
            var managedCollector = new FirewallConfigurationCollector(new FirewallConfigurationOptions { Source = Enum.Parse<FirewallSource>(recorded.Source) });
            await managedCollector.RunAsync(context, done.Token);
            var managed = core.FlushAll().Select(m => m.Body).ToList();

            using var agent = CreateNative(twin: null);
            SaStatus status;
            ulong malformed;
            using (var native = NativeCollector.Create(agent, "FirewallConfiguration", root))
            {
                native.SetOption("source", "recorded");
                status = native.Collect();
                malformed = native.GetCounter(SaCollectorCounter.Malformed);
            }
            Assert.That(status == SaStatus.Io, Is.EqualTo(context.Reports.Count > 0),
                $"a failed snapshot in one agent only (C# reports: {string.Join("; ", context.Reports)})");
            Assert.That(malformed, Is.EqualTo((ulong)managedCollector.Malformed), "malformed count (C then C#)");
            AssertIdentical(managed, FlushNative(agent));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
            work.Delete(recursive: true);
        }
    }

    private static SnapshotCollector CreateManaged(string collector, string root) => collector switch
    {
        "SystemInformation" => new SecurityAgent.Collectors.Linux.SystemInformation.SystemInformationCollector(root),
        "LocalUsers" => new LocalUsersCollector(root),
        "ListeningPorts" => new ListeningPortsCollector(root),
        _ => throw new ArgumentOutOfRangeException(nameof(collector), collector, "not a snapshot collector"),
    };

    private static AgentCore CreateCore(string? twin)
    {
        var core = AgentCore.Create(new AgentCoreOptions
        {
            AgentId = AgentId.ToString("D"),
            AgentVersion = AgentVersion,
            UtcOffset = TimeSpan.Zero,
            TimeProvider = new FixedTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(StartMs)),
            IdSource = new DeterministicEventIdSource(),
        });
        if (twin is not null)
        {
            Assert.That(core.ApplyTwin(twin).Accepted, Is.True);
        }
        return core;
    }

    private static NativeAgent CreateNative(string? twin)
    {
        var agent = NativeAgent.Create(new NativeAgentOptions { AgentId = AgentId, AgentVersion = AgentVersion, Deterministic = true }, StartMs);
        if (twin is not null)
        {
            Assert.That(agent.ApplyTwin(Encoding.UTF8.GetBytes(twin)), Is.EqualTo(SaStatus.Ok));
        }
        return agent;
    }

    private static List<byte[]> FlushNative(NativeAgent agent)
    {
        agent.FlushAll();
        var bodies = new List<byte[]>();
        while (agent.TryTakeMessage(out var message))
        {
            bodies.Add(message!.Body);
        }
        return bodies;
    }

    private static void AssertIdentical(List<byte[]> managed, List<byte[]> native)
    {
        Assert.That(native, Has.Count.EqualTo(managed.Count), "message count (C# then C)");
        for (var i = 0; i < managed.Count; i++)
        {
            Assert.That(Encoding.UTF8.GetString(native[i]), Is.EqualTo(Encoding.UTF8.GetString(managed[i])), $"message {i}: C (actual) vs C# (expected)");
            Assert.That(native[i], Is.EqualTo(managed[i]), $"message {i}: bytes");
            Assert.That(MessageSchemas.Errors(native[i]), Is.Null, $"message {i} against schemas/");
        }
    }
}
