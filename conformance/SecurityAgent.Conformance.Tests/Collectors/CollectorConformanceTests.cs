using System.Text;
using SecurityAgent.Collectors;
using SecurityAgent.Collectors.Linux.FirewallConfiguration;
using SecurityAgent.Collectors.Linux.ListeningPorts;
using SecurityAgent.Collectors.Linux.LocalUsers;
using SecurityAgent.Collectors.Linux.OSBaseline;
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

    /// <summary>
    /// The recorded exec-join streams (fixtures/linux/ProcessCreate/exec-join): audit log first
    /// (each exec joins at once), or the datagrams first after one audit line that is no exec
    /// (the execs wait and their exits are held until the rest of the log comes), fed to the C#
    /// ExecJoiner and to the C collector's recorded source.
    /// </summary>
    [TestCase(null, true)]
    [TestCase(null, false)]
    [TestCase(AggregationOff, false)]
    public void ProcConnector_RecordedExecJoin_BothAgentsSendIdenticalBytes(string? twin, bool auditFirst)
    {
        var root = Path.Combine(Fixtures, "ProcessCreate", "root");
        var datagrams = File.ReadAllBytes(Path.Combine(Fixtures, "ProcessCreate", "exec-join", "proc-connector.bin"));
        var log = File.ReadAllBytes(Path.Combine(Fixtures, "ProcessCreate", "exec-join", "audit.log"));
        var split = Array.IndexOf(log, (byte)'\n') + 1;
        byte[][] inputs = auditFirst ? [log, datagrams] : [log[..split], datagrams, log[split..]];
        var time = new FixedTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(StartMs));
        var managedJoin = new ManagedExecJoin(root, time, TimeSpan.FromSeconds(2));
        foreach (var input in inputs)
        {
            if (input == datagrams)
            {
                managedJoin.FeedDatagrams(input);
            }
            else
            {
                managedJoin.FeedAuditLog(input);
            }
        }
        var core = CreateCore(twin);
        var items = managedJoin.Finish();
        Assert.That(items, Has.Count.EqualTo(4));
        foreach (var (at, item) in items)
        {
            core.SubmitEvent(SecurityEvent.Triggered(at, item));
        }

        using var agent = CreateNative(twin);
        using (var native = NativeCollector.Create(agent, "ProcessCreate", root))
        {
            native.SetOption("source", "recorded");
            foreach (var input in inputs)
            {
                Assert.That(native.Feed(input), Is.EqualTo(SaStatus.Ok));
            }
            Assert.That(native.GetCounter(SaCollectorCounter.Malformed), Is.EqualTo((ulong)managedJoin.Malformed));
            Assert.That(native.GetCounter(SaCollectorCounter.Incomplete), Is.Zero);
        }
        AssertIdentical(core.FlushAll().Select(m => m.Body).ToList(), FlushNative(agent));
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

    /// <summary>
    /// OSBaseline on a copy of each baseline tree with the modes it stands for (git keeps none),
    /// without and with the custom checks (the fixture file, its SHA-256 in the twin of both
    /// agents); "hostile" is the weak tree with a dangling login.defs, no proc/mounts and an
    /// sshd_config holding invalid UTF-8, a NUL and CRLF line ends.
    /// </summary>
    [TestCase("hardened", false)]
    [TestCase("hardened", true)]
    [TestCase("weak", false)]
    [TestCase("weak", true)]
    [TestCase("hostile", false)]
    [TestCase("hostile", true)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task OSBaseline_FixtureTree_BothAgentsSendIdenticalBytes(string tree, bool custom)
    {
        var root = Directory.CreateTempSubdirectory("os-baseline-conformance-").FullName;
        try
        {
            CopyBaselineTree(tree, root);
            var checks = File.ReadAllBytes(Path.Combine(Fixtures, "OSBaseline", "custom-checks.json"));
            File.WriteAllBytes(Path.Combine(root, "custom-checks.json"), checks);
            var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(checks)).ToLowerInvariant();
            var twin = custom
                ? "{\"baselineCustomChecksEnabled\":{\"value\":true},\"baselineCustomChecksFilePath\":{\"value\":\"/custom-checks.json\"},"
                  + $"\"baselineCustomChecksFileHash\":{{\"value\":\"{hash}\"}}}}"
                : null;

            var core = CreateCore(twin);
            using var done = new CancellationTokenSource();
            var context = new SnapshotContext(core, new FixedTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(StartMs)), done);
            var managedCollector = new OSBaselineCollector(new OSBaselineOptions
            {
                Root = root,
                CustomChecks = () => custom ? new BaselineCustomChecks(true, "/custom-checks.json", hash) : null,
            });
            await managedCollector.RunAsync(context, done.Token);
            var managed = core.FlushAll().Select(m => m.Body).ToList();

            using var agent = CreateNative(twin);
            ulong malformed;
            using (var native = NativeCollector.Create(agent, "OSBaseline", root))
            {
                Assert.That(native.Collect(), Is.EqualTo(SaStatus.Ok));
                malformed = native.GetCounter(SaCollectorCounter.Malformed);
            }
            AssertIdentical(managed, FlushNative(agent));
            Assert.That(malformed, Is.EqualTo((ulong)managedCollector.Malformed), "malformed custom checks");
            Assert.That(malformed, Is.EqualTo(custom ? 1UL : 0UL));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CopyBaselineTree(string tree, string root)
    {
        var source = Path.Combine(Fixtures, "OSBaseline", tree == "hostile" ? "weak" : tree);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var target = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            if (tree == "hardened" && relative is "etc/shadow" or "etc/gshadow")
            {
                mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            }
            else if (tree == "hardened" && relative is "etc/ssh/sshd_config" or "etc/crontab")
            {
                mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            File.SetUnixFileMode(target, mode);
        }
        if (tree == "hostile")
        {
            File.Delete(Path.Combine(root, "etc", "login.defs"));
            File.CreateSymbolicLink(Path.Combine(root, "etc", "login.defs"), "nowhere");
            Directory.Delete(Path.Combine(root, "proc"), recursive: true);
            byte[] sshd = [.. "PermitRootLogin \"ye"u8, 0xFF, .. "\"\r\nMaxAuthTries 3\0\r\nLoginGraceTime 2W\r\nX11Forwarding=  = NO\r\n"u8];
            File.WriteAllBytes(Path.Combine(root, "etc", "ssh", "sshd_config"), sshd);
        }
    }

    private const string ConnectionAggregationOff = """{"aggregationEnabledConnectionCreate":{"value":false}}""";

    [TestCase(null, false)]
    [TestCase(null, true)]
    [TestCase(ConnectionAggregationOff, true)]
    public void ConnectionCreate_RecordedAuditLog_BothAgentsSendIdenticalBytes(string? twin, bool includeLoopback)
    {
        using var root = new ConnectionCreateRoot();
        var log = File.ReadAllBytes(Path.Combine(Fixtures, "ConnectionCreate", "audit.log"));
        var core = CreateCore(twin);
        var managedParser = new ManagedConnectionCreate(root.FullPath, includeLoopback);
        foreach (var (time, item) in managedParser.FeedAuditLog(log))
        {
            core.SubmitEvent(SecurityEvent.Triggered(time, item));
        }
        var managed = core.FlushAll().Select(m => m.Body).ToList();

        var c = NativeConnectionCreate(twin, root.FullPath, "recorded", includeLoopback, [log], managedParser.Malformed);
        AssertIdentical(managed, c);
        Assert.That(c, Has.Count.GreaterThan(0));
        var text = string.Concat(c.Select(Encoding.UTF8.GetString));
        if (twin is not null)
        {
            // unaggregated (aggregation writes "*" for the ports): the local side read from the root
            Assert.That(text, Does.Contain("\"LocalAddress\":\"127.0.0.1\",\"LocalPort\":\"50001\""));
        }
        Assert.That(text, includeLoopback ? Does.Contain("127.0.0.1") : Does.Not.Contain("127.0.0.1"));
    }

    /// <summary>
    /// Records of other architectures (i386 on x86-64 through direct calls and socketcall, aarch64,
    /// arm, numbers that name nothing on their arch), whole and cut every 13 bytes: both agents name
    /// each call by the record's arch= and send the same bytes.
    /// </summary>
    [TestCase(null)]
    [TestCase(ConnectionAggregationOff)]
    public void ConnectionCreate_RecordedAuditLogOfOtherArches_BothAgentsSendIdenticalBytes(string? twin)
    {
        using var root = new ConnectionCreateRoot();
        var log = File.ReadAllBytes(Path.Combine(Fixtures, "ConnectionCreate", "audit-arch.log"));
        var logs = new List<byte[]> { log };
        for (var cut = 0; cut < log.Length; cut += 13)
        {
            logs.Add(log[..cut]);
        }
        var core = CreateCore(twin);
        var managedParser = new ManagedConnectionCreate(root.FullPath, includeLoopback: true);
        foreach (var piece in logs)
        {
            foreach (var (time, item) in managedParser.FeedAuditLog(piece))
            {
                core.SubmitEvent(SecurityEvent.Triggered(time, item));
            }
        }
        var managed = core.FlushAll().Select(m => m.Body).ToList();

        var c = NativeConnectionCreate(twin, root.FullPath, "recorded", includeLoopback: true, logs, managedParser.Malformed);
        AssertIdentical(managed, c);
        var text = string.Concat(c.Select(Encoding.UTF8.GetString));
        Assert.That(text, Does.Contain("192.0.2.22").And.Contain("::ffff:192.0.2.23").And.Not.Contain("192.0.2.24"));
        if (twin is not null)
        {
            // the socketcall connect's socket, from its SOCKETCALL record, read under the root
            Assert.That(text, Does.Contain("\"RemotePort\":\"53395\",\"Direction\":\"Out\",\"Protocol\":\"tcp\",\"ProcessId\":31828,"
                + "\"Executable\":\"/usr/local/bin/compat\",\"LocalAddress\":\"127.0.0.1\",\"LocalPort\":\"37934\""));
        }
    }

    [TestCase(null)]
    [TestCase(ConnectionAggregationOff)]
    public void ConnectionCreate_RecordedInetDiagDumps_BothAgentsSendIdenticalBytes(string? twin)
    {
        using var root = new ConnectionCreateRoot();
        var dump = File.ReadAllBytes(Path.Combine(Fixtures, "ConnectionCreate", "inet-diag.bin"));
        byte[][] dumps = [[], dump, dump]; // the baseline, the recording, nothing new
        var core = CreateCore(twin);
        var managedParser = new ManagedConnectionCreate(root.FullPath, includeLoopback: true);
        var time = DateTimeOffset.FromUnixTimeMilliseconds(StartMs);
        foreach (var input in dumps)
        {
            foreach (var item in managedParser.FeedInetDiag(input))
            {
                core.SubmitEvent(SecurityEvent.Triggered(time, item));
            }
        }
        var managed = core.FlushAll().Select(m => m.Body).ToList();

        var c = NativeConnectionCreate(twin, root.FullPath, "recorded_sock_diag", includeLoopback: true, dumps, managedParser.Malformed);
        AssertIdentical(managed, c);
        Assert.That(c, Has.Count.GreaterThan(0));
        if (twin is not null)
        {
            Assert.That(string.Concat(c.Select(Encoding.UTF8.GetString)), Does.Contain("\"ProcessId\":2773"), "an owner found under the root");
        }
    }

    [Test]
    public void ConnectionCreate_CutAndCorruptRecordings_SameEventsAndSameMalformedCount()
    {
        using var root = new ConnectionCreateRoot();
        var log = File.ReadAllBytes(Path.Combine(Fixtures, "ConnectionCreate", "audit.log"));
        var dump = File.ReadAllBytes(Path.Combine(Fixtures, "ConnectionCreate", "inet-diag.bin"));
        var logs = new List<byte[]>();
        for (var cut = 0; cut <= log.Length; cut += 29)
        {
            logs.Add(log[..cut]);
        }
        var corruptLog = (byte[])log.Clone();
        corruptLog[300] = 0xFF;             // invalid UTF-8 inside a record
        corruptLog[120] = (byte)'\r';       // a line cut in two
        corruptLog[log.Length / 2] ^= 0x20; // a letter's case, or a space gone
        logs.Add(corruptLog);
        var dumps = new List<byte[]> { Array.Empty<byte>() };
        for (var cut = 0; cut <= dump.Length; cut += 7)
        {
            dumps.Add(dump[..cut]);
            dumps.Add(Array.Empty<byte>()); // so that every cut is new again
        }
        var corruptDump = (byte[])dump.Clone();
        corruptDump[16] = 7;    // a foreign family in the first message
        corruptDump[0x7c] = 0xFF; // an impossible length in the second
        dumps.Add(corruptDump);

        var core = CreateCore(ConnectionAggregationOff);
        var audit = new ManagedConnectionCreate(root.FullPath, includeLoopback: true);
        var diag = new ManagedConnectionCreate(root.FullPath, includeLoopback: true);
        var time = DateTimeOffset.FromUnixTimeMilliseconds(StartMs);
        using var agent = CreateNative(ConnectionAggregationOff);
        using var nativeAudit = NativeCollector.Create(agent, "ConnectionCreate", root.FullPath);
        using var nativeDiag = NativeCollector.Create(agent, "ConnectionCreate", root.FullPath);
        nativeAudit.SetOption("source", "recorded");
        nativeAudit.SetOption("include_loopback", "true");
        nativeDiag.SetOption("source", "recorded_sock_diag");
        nativeDiag.SetOption("include_loopback", "true");
        foreach (var input in logs)
        {
            foreach (var (when, item) in audit.FeedAuditLog(input))
            {
                core.SubmitEvent(SecurityEvent.Triggered(when, item));
            }
            Assert.That(nativeAudit.Feed(input), Is.EqualTo(SaStatus.Ok));
        }
        foreach (var input in dumps)
        {
            foreach (var item in diag.FeedInetDiag(input))
            {
                core.SubmitEvent(SecurityEvent.Triggered(time, item));
            }
            Assert.That(nativeDiag.Feed(input), Is.EqualTo(SaStatus.Ok));
        }
        Assert.That(nativeAudit.GetCounter(SaCollectorCounter.Malformed), Is.EqualTo((ulong)audit.Malformed));
        Assert.That(nativeDiag.GetCounter(SaCollectorCounter.Malformed), Is.EqualTo((ulong)diag.Malformed));
        Assert.That(audit.Malformed, Is.GreaterThan(0));
        Assert.That(diag.Malformed, Is.GreaterThan(0));
        AssertIdentical(core.FlushAll().Select(m => m.Body).ToList(), FlushNative(agent));
    }

    [Test]
    public void Login_FixtureWtmpAndBtmp_BothAgentsSendIdenticalBytes()
    {
        var root = Path.Combine(Fixtures, "Login", "root");
        var core = CreateCore(twin: null);
        var managed = new ManagedLogin(root);
        foreach (var e in managed.Poll())
        {
            core.SubmitEvent(e);
        }

        using var agent = CreateNative(twin: null);
        using var native = NativeCollector.Create(agent, "Login", root);
        native.SetOption("source", "recorded");
        Assert.That(native.Collect(), Is.EqualTo(SaStatus.Ok));
        var c = FlushNative(agent);
        AssertIdentical(core.FlushAll().Select(m => m.Body).ToList(), c);
        Assert.That(c, Has.Count.GreaterThan(0));
        Assert.That(native.GetCounter(SaCollectorCounter.SubmittedEvents), Is.EqualTo(5UL));
        Assert.That(native.GetCounter(SaCollectorCounter.Malformed), Is.EqualTo((ulong)managed.Malformed));
        Assert.That(managed.Malformed, Is.EqualTo(2));
    }

    [Test]
    public void Login_UtmpGrownCutRotatedAndCorrupt_SameEventsAndSameMalformedCount()
    {
        var scratch = Directory.CreateTempSubdirectory("sa-login-conformance-");
        try
        {
            var root = scratch.FullName;
            var log = Path.Combine(root, "var", "log");
            Directory.CreateDirectory(log);
            // a process still running for one of the records: its executable is read from proc
            Directory.CreateDirectory(Path.Combine(root, "proc", "4160"));
            File.WriteAllText(Path.Combine(root, "proc", "4160", "exe"), "/usr/bin/login\n");
            var wtmp = File.ReadAllBytes(Path.Combine(Fixtures, "Login", "root", "var", "log", "wtmp"));
            var btmp = File.ReadAllBytes(Path.Combine(Fixtures, "Login", "root", "var", "log", "btmp"));
            var steps = new List<(byte[] Wtmp, byte[] Btmp)>();
            for (var cut = 0; cut <= wtmp.Length; cut += 37)
            {
                steps.Add((wtmp[..cut], btmp[..Math.Min(cut, btmp.Length)]));
            }
            steps.Add((wtmp, btmp));
            // rotated: shorter than what was read, so read again from the start, with corrupt records
            var corrupt = wtmp[..(384 * 4)];
            corrupt[384] = 0xFF;           // ut_type -1 ...
            corrupt[385] = 0xFF;
            corrupt[(384 * 3) + 44] = 0xC3; // bob's name cut inside a UTF-8 sequence
            corrupt[(384 * 3) + 344] = 0x80; // microseconds negative
            corrupt[(384 * 3) + 347] = 0x80;
            steps.Add((corrupt, btmp));
            // and hostile appends: records of random bytes with types 0 to 10, then a half record
            var random = new Random(20240405);
            var junk = new byte[384 * 24];
            random.NextBytes(junk);
            for (var i = 0; i < 24; i++)
            {
                junk[i * 384] = (byte)(i % 11);
                junk[(i * 384) + 1] = 0;
            }
            steps.Add(([.. corrupt, .. junk], [.. btmp, .. junk[..(384 * 12 + 200)]]));
            steps.Add(([.. corrupt, .. junk], [.. btmp, .. junk]));

            var core = CreateCore(twin: null);
            var managed = new ManagedLogin(root);
            using var agent = CreateNative(twin: null);
            using var native = NativeCollector.Create(agent, "Login", root);
            native.SetOption("source", "recorded");
            foreach (var (w, b) in steps)
            {
                File.WriteAllBytes(Path.Combine(log, "wtmp"), w);
                File.WriteAllBytes(Path.Combine(log, "btmp"), b);
                foreach (var e in managed.Poll())
                {
                    core.SubmitEvent(e);
                }
                Assert.That(native.Collect(), Is.EqualTo(SaStatus.Ok));
            }
            Assert.That(native.GetCounter(SaCollectorCounter.Malformed), Is.EqualTo((ulong)managed.Malformed));
            Assert.That(managed.Malformed, Is.GreaterThan(3));
            var c = FlushNative(agent);
            AssertIdentical(core.FlushAll().Select(m => m.Body).ToList(), c);
            Assert.That(string.Join("", c.Select(Encoding.UTF8.GetString)), Does.Contain("\"Executable\":\"/usr/bin/login\""));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [Test]
    public void Login_RecordedAuditLog_BothAgentsSendIdenticalBytes()
    {
        var root = Path.Combine(Fixtures, "Login", "root");
        var log = File.ReadAllBytes(Path.Combine(Fixtures, "Login", "audit.log"));
        var core = CreateCore(twin: null);
        var managed = new ManagedLogin(root);
        foreach (var e in managed.Feed(Encoding.UTF8.GetString(log)))
        {
            core.SubmitEvent(e);
        }

        using var agent = CreateNative(twin: null);
        using var native = NativeCollector.Create(agent, "Login", root);
        native.SetOption("source", "recorded");
        Assert.That(native.Feed(log), Is.EqualTo(SaStatus.Ok));
        AssertIdentical(core.FlushAll().Select(m => m.Body).ToList(), FlushNative(agent));
        Assert.That(native.GetCounter(SaCollectorCounter.SubmittedEvents), Is.EqualTo(6UL));
        Assert.That(native.GetCounter(SaCollectorCounter.Malformed), Is.EqualTo((ulong)managed.Malformed));
        Assert.That(managed.Malformed, Is.EqualTo(2));
    }

    [Test]
    public void Login_AuditLogCutAndHostileRecords_SameEventsAndSameMalformedCount()
    {
        var root = Path.Combine(Fixtures, "Login", "root");
        var log = File.ReadAllBytes(Path.Combine(Fixtures, "Login", "audit.log"));
        var inputs = new List<byte[]>();
        for (var cut = 0; cut < log.Length; cut += 29)
        {
            inputs.Add(log[..cut]);
        }
        // addresses as .NET reads them (inet_aton forms, brackets and ports, scopes, embedded IPv4)
        string[] addresses =
        [
            "1", "0x7f.1", "017700000001", "1.2.3", "08.1.2.3", "4294967296", "1.2.3.4:80", "1.2.3.4/24", "[::1]:22",
            "[::1]:0x1F", "[::1]x", "::1%eth0", "fe80::1%25", "::ffff:1.2.3.4", "::1.2.3.04", "::01.2.3.4", "1::2::3",
            "1:2:3:4:5:6:7::", "0:0:0:0:0:5efe:1.2.3.4", "12345::1", "[::1", "é::1", "::1%é", "?", "(null)", "",
        ];
        var hostile = new StringBuilder();
        var serial = 600;
        foreach (var address in addresses)
        {
            hostile.Append($"type=USER_AUTH msg=audit(1712000800.{serial % 1000:000}:{serial++}): pid=77 uid=0 msg='op=PAM:authentication acct=\"eve\" exe=\"/usr/sbin/sshd\" addr={address} res=failed'\n");
        }
        string[] odd =
        [
            "type=USER_AUTH msg=audit(1.5:1): pid=1 op=20 acct=2020 exe=00 res=1 addr=[::1]:22",
            "type=USER_LOGIN msg=audit(2:2): pid=99999999999 op=x acct=y",
            "type=USER_LOGIN msg=audit(2:3): pid=0004294967295 op=x id=0001000 res=yes",
            "type=USER_START msg=audit(3:3): msg='pid=7 op=o id=0 addr=0x7f.1 terminal=(null) hostname=?'",
            "type=USER_START msg=audit(3:4): pid=8 msg='op=6F70 acct=C3A9C3 exe=\"/bin/l\u00e9\" terminal=7474790A hostname=68 6F7374 res=success'",
            "type=USER_AUTH msg=audit(4:5): pid=9 op= acct=a",
            "type=USER_AUTH msg=audit(4:6): pid=9 op=\"quoted op\" acct='single' res=\"success\"",
            "type=USER_AUTH msg=audit(4:7): pid=-1 op=o acct=a",
            "type=USER_AUTH msg=audit(4:8): op=o acct=a pid=10 pid=11",
            "type=USER_ACCT msg=audit(4:9): pid=12 op=o acct=a",
            "type=UNKNOWN[1112] msg=audit(4:10): pid=13 op=o acct=a",
            "type=USER_LOGIN msg=audit(4:11): pid=14 op=o id=4294967296",
            "type=USER_LOGIN msg=audit(4:12): pid=15 op=o id=12a acct=?",
            "type=USER_AUTH msg=audit(99999999999:13): pid=16 op=o acct=a",
            "type=USER_AUTH msg=audit(4.9999:14): pid=17 op=o acct=a\r",
            "type=USER_AUTH msg=audit(4:15): pid=18 op=o acct=a msg='unterminated pid=19",
        ];
        foreach (var line in odd)
        {
            hostile.Append(line).Append('\n');
        }
        inputs.Add(Encoding.UTF8.GetBytes(hostile.ToString()));

        var core = CreateCore(twin: null);
        var managed = new ManagedLogin(root);
        using var agent = CreateNative(twin: null);
        using var native = NativeCollector.Create(agent, "Login", root);
        native.SetOption("source", "recorded");
        foreach (var input in inputs)
        {
            foreach (var e in managed.Feed(Encoding.UTF8.GetString(input)))
            {
                core.SubmitEvent(e);
            }
            Assert.That(native.Feed(input), Is.EqualTo(SaStatus.Ok));
        }
        Assert.That(native.GetCounter(SaCollectorCounter.Malformed), Is.EqualTo((ulong)managed.Malformed));
        Assert.That(managed.Malformed, Is.GreaterThan(10));
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

    /// <summary>
    /// The C agent's ConnectionCreate reading <paramref name="source"/> under <paramref name="root"/>,
    /// fed <paramref name="inputs"/> in order; it must count as many malformed records as the C#
    /// parser did. Returns the bodies the C agent flushed.
    /// </summary>
    private static List<byte[]> NativeConnectionCreate(string? twin, string root, string source, bool includeLoopback,
        IEnumerable<byte[]> inputs, long managedMalformed)
    {
        using var agent = CreateNative(twin);
        using (var native = NativeCollector.Create(agent, "ConnectionCreate", root))
        {
            native.SetOption("source", source);
            native.SetOption("include_loopback", includeLoopback ? "true" : "false");
            foreach (var input in inputs)
            {
                Assert.That(native.Feed(input), Is.EqualTo(SaStatus.Ok));
            }
            Assert.That(native.GetCounter(SaCollectorCounter.Malformed), Is.EqualTo((ulong)managedMalformed));
        }
        return FlushNative(agent);
    }

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
