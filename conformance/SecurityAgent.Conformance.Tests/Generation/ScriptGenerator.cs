using System.Text;
using CsCheck;
using SecurityAgent.Conformance.Tests.Scripts;

namespace SecurityAgent.Conformance.Tests.Generation;

/// <summary>
/// Random scripts for the differential run: short, with twins that make schedules, windows,
/// budgets and size limits come into play within a few steps, and strings drawn from small pools
/// (so that aggregation keys collide) with hostile members (invalid UTF-8, controls, non-BMP
/// characters, strings at and around every truncation limit).
/// </summary>
internal static class ScriptGenerator
{
    public const long Start = 1709630102123; // 2024-03-05T09:15:02.123Z

    /// <summary>The first twins of the pool are accepted (possibly with NotOptimal or Conflict); the others are rejected.</summary>
    private const int ValidTwins = 11;

    private static readonly int[] _offsets = [0, 60, -300, 330, 345, -570, -210, 840, -720];

    private static readonly string[] _twins =
    [
        "{}",
        """{"highPriorityMessageFrequency":{"value":"PT1M"},"lowPriorityMessageFrequency":{"value":"PT3M"},"snapshotFrequency":{"value":"PT10M"}}""",
        """{"maxMessageSizeInBytes":{"value":8192},"maxLocalCacheSizeInBytes":{"value":16384},"highPriorityMessageFrequency":{"value":"PT2M"}}""",
        """{"maxMessageSizeInBytes":{"value":12000},"maxLocalCacheSizeInBytes":{"value":40000},"eventPriorityProcessCreate":{"value":"High"}}""",
        """{"aggregationEnabledProcessCreate":{"value":false},"aggregationEnabledConnectionCreate":{"value":false},"eventPriorityConnectionCreate":{"value":"High"}}""",
        """{"aggregationIntervalProcessCreate":{"value":"PT2M"},"aggregationIntervalConnectionCreate":{"value":"PT3M"},"aggregationIntervalProcessTerminate":{"value":"PT1M"},"aggregationMaxDistinctKeys":{"value":16}}""",
        """{"eventPriorityHeartbeat":{"value":"high"},"heartbeatFrequency":{"value":"PT2M"},"eventPriorityDiagnostic":{"value":"High"},"diagnosticEventsMinimumSeverity":{"value":"Debug"}}""",
        """{"eventPriorityLogin":{"value":"Off"},"eventPriorityProcessTerminate":{"value":"Off"},"eventPriorityListeningPorts":{"value":"Low"},"eventPriorityMessageStatistics":{"value":"Off"}}""",
        """{"eventPriorityConfigurationError":{"value":"Off"},"eventPriorityDroppedEventsStatistics":{"value":"High"},"aggregationEnabledProcessTerminate":{"value":false}}""",
        """{"maxMessageSizeInBytes":{"value":10000},"highPriorityMessageFrequency":{"value":"PT10M"},"lowPriorityMessageFrequency":{"value":"PT5M"}}""",
        """{"maxMessageSizeInBytes":{"value":16384.0},"maxLocalCacheSizeInBytes":{"value":8192}}""",
        """{"maxMessageSizeInBytes":{"value":"8192"},"snapshotFrequency":{"value":"PT0S"},"eventPriorityLogin":{"value":"Medium"}}""",
        """{"aggregationEnabledProcessCreate":{"value":"yes"},"heartbeatFrequency":"PT1M","baselineCustomChecksEnabled":{"value":true}}""",
        """{"maxLocalCacheSizeInBytes":{"value":100},"aggregationMaxDistinctKeys":{"value":8.0},"baselineCustomChecksFileHash":{"value":"xyz"}}""",
        """[1,2]""",
        """{"highPriorityMessageFrequency":{"value":"PT1M"}""",
        """{"diagnosticEventsMinimumSeverity":{"value":"information"},"hubResourceId":{"value":"/subscriptions/x"},"aggregationMaxDistinctKeys":{"value":65536}}""",
    ];

    private static readonly Gen<byte[]> _hostile = Gen.OneOf(
        Gen.Const("a\"b\\c/d"u8.ToArray()),
        Gen.Const("\u0001\u001f\t\n\r\u007f"u8.ToArray()),
        Gen.Const("😀 שלום é €"u8.ToArray()),
        Gen.Const(new byte[] { 0x61, 0xff, 0x62, 0xc0, 0xaf, 0xe2, 0x82 }),
        Gen.Const(new byte[] { 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0x41 }),
        Gen.Int[1018, 1030].SelectMany(n => Gen.OneOf(
            Gen.Const(Repeat("a", n)),
            Gen.Const(Concat(Repeat("a", n - 2), "é"u8.ToArray())),
            Gen.Const(Concat(Repeat("b", n - 3), "€"u8.ToArray())),
            Gen.Const(Concat(Repeat("c", n - 4), "😀"u8.ToArray())),
            Gen.Const(Concat(Repeat("d", n - 1), [0xff])))));

    private static readonly Gen<byte[]> _commandLine = Gen.Frequency(
        (8, Gen.Int[0, 6].Select(i => Encoding.UTF8.GetBytes("/usr/bin/tool --opt " + i))),
        (2, _hostile),
        (1, Gen.Int[4090, 4100].SelectMany(n => Gen.OneOf(
            Gen.Const(Repeat("x", n)),
            Gen.Const(Concat(Repeat("x", n - 4), "😀"u8.ToArray())),
            Gen.Const(Concat(Repeat("y", n - 2), "é"u8.ToArray()))))),
        (1, Gen.Const(Concat(Repeat("z", 65536 - 1), "é"u8.ToArray()))));

    private static readonly Gen<byte[]> _word = Gen.Frequency(
        (10, Gen.Int[0, 3].Select(i => Encoding.UTF8.GetBytes("/usr/bin/p" + i))),
        (1, _hostile));

    private static readonly Gen<byte[]> _user = Gen.Int[0, 2].Select(i => Encoding.UTF8.GetBytes(i == 0 ? "0" : (999 + i).ToString("D", null)));

    private static readonly Gen<byte[]> _port = Gen.Int[0, 4].Select(i => Encoding.UTF8.GetBytes(new[] { "22", "80", "443", "8080", "53" }[i]));

    private static readonly Gen<byte[]> _address = Gen.Int[0, 3].Select(i =>
        Encoding.UTF8.GetBytes(new[] { "192.0.2.10", "10.0.0.1", "2001:db8::1", "::ffff:192.0.2.10" }[i]));

    private static readonly Gen<RawDetail[]> _details = Gen.Frequency(
        (6, Gen.Const(Array.Empty<RawDetail>())),
        (2, Gen.Select(Gen.Int[0, 3], _word, (k, v) => new RawDetail(Encoding.UTF8.GetBytes(new[] { "Pid", "b", "B", "HitCount" }[k]), v)).Array[1, 3]),
        (1, Gen.Select(_hostile, _word, (k, v) => new RawDetail(k, v)).Array[1, 2]));

    private static readonly Gen<RawItem> _processCreate = Gen.Select(_word, Gen.UInt[1, 70000], _user, _commandLine, Gen.Bool, _details,
        (exe, pid, user, cmd, named, details) => Item(
            [Text("Executable", exe), Int("ProcessId", pid), Int("ParentProcessId", pid / 2), Text("UserId", user), Text("CommandLine", cmd),
             .. named ? new[] { Text("UserName", "root"u8.ToArray()) } : []],
            details));

    private static readonly Gen<RawItem> _processTerminate = Gen.Select(_word, Gen.UInt[1, 70000], Gen.Int[-2, 2], _details,
        (exe, pid, status, details) => Item([Text("Executable", exe), Int("ProcessId", pid), Int("ExitStatus", status)], details));

    private static readonly Gen<RawItem> _connectionCreate = Gen.Select(_address, _port, Gen.Bool, _word, Gen.UInt[1, 70000], _port, _commandLine, _details)
        .Select(t => Item(
            [Text("RemoteAddress", t.Item1), Text("RemotePort", t.Item2), Text("Direction", t.Item3 ? "In"u8.ToArray() : "Out"u8.ToArray()),
             Text("Protocol", "tcp"u8.ToArray()), Int("ProcessId", t.Item5), Text("Executable", t.Item4),
             Text("LocalAddress", "192.0.2.1"u8.ToArray()), Text("LocalPort", t.Item6), Text("UserId", "1000"u8.ToArray()), Text("CommandLine", t.Item7)],
            t.Item8));

    private static readonly Gen<RawItem> _login = Gen.Select(Gen.UInt[1, 9000], Gen.Bool, _word, _details,
        (pid, ok, user, details) => Item(
            [Int("ProcessId", pid), Text("Operation", "login"u8.ToArray()), Text("Executable", "/usr/sbin/sshd"u8.ToArray()),
             Text("Result", ok ? "Success"u8.ToArray() : "Fail"u8.ToArray()), Text("UserName", user), Text("RemoteAddress", "198.51.100.7"u8.ToArray())],
            details));

    private static readonly Gen<RawItem> _listeningPort = Gen.Select(_port, _address, _details, (port, address, details) => Item(
        [Text("LocalPort", port), Text("Protocol", "tcp"u8.ToArray()), Text("LocalAddress", address)], details));

    private static readonly Gen<RawItem> _localUser = Gen.Select(_word, _user, (name, uid) => Item(
        [Text("UserName", name), Text("UserId", uid), Text("GroupNames", "users;wheel"u8.ToArray()), Text("GroupIds", "100;10"u8.ToArray())], []));

    private static readonly Gen<RawItem> _firewall = Gen.Select(Gen.Bool, Gen.UInt[0, 100], _port, (enabled, priority, port) => Item(
        [Boolean("Enabled", enabled), Text("Action", enabled ? "Allow"u8.ToArray() : "Deny"u8.ToArray()), Int("Priority", priority),
         Text("Direction", "In"u8.ToArray()), Text("ChainName", "INPUT"u8.ToArray()), Text("DestinationPort", port), Text("Protocol", "tcp"u8.ToArray())], []));

    private static readonly Gen<RawItem> _baseline = Gen.Select(_word, Gen.Int[0, 2], (description, r) => Item(
        [Text("Description", description), Text("CceId", "CCE-4242-1"u8.ToArray()), Text("Result", Encoding.UTF8.GetBytes(new[] { "Pass", "Fail", "Err" }[r])),
         Text("Error", ""u8.ToArray()), Text("Severity", "Critical"u8.ToArray())], []));

    private static readonly Gen<RawItem> _systemInformation = Gen.Select(_word, Gen.ULong[0, 1UL << 40], (host, memory) => Item(
        [Text("OSName", "Debian GNU/Linux"u8.ToArray()), Text("HostName", host), Int("TotalPhysicalMemoryInKB", (long)memory)], []));

    private static Gen<Step> EventStep(Gen<long> time, string name, Gen<RawItem> item, int maxItems) =>
        Gen.Select(time, item.Array[maxItems == 1 ? 1 : 0, maxItems], (t, items) => (Step)new SubmitEventStep(new RawEvent(name, t, items)));

    private static readonly Gen<SubmitLogStep> _log = Gen.Select(Gen.Int[0, 4], _word, Gen.Bool, (severity, message, correlated) =>
        new SubmitLogStep(severity, Encoding.UTF8.GetString(message), 4242, 7, correlated ? "6f1c7f5e-2b4a-4c3d-9e8f-0a1b2c3d4e5f" : null));

    private static Gen<Step> Steps(Gen<long> time) => Gen.Frequency(
        (6, EventStep(time, "ProcessCreate", _processCreate, 1)),
        (3, EventStep(time, "ConnectionCreate", _connectionCreate, 1)),
        (2, EventStep(time, "ProcessTerminate", _processTerminate, 1)),
        (2, EventStep(time, "Login", _login, 1)),
        (1, EventStep(time, "ListeningPorts", _listeningPort, 120)),
        (1, EventStep(time, "LocalUsers", _localUser, 40)),
        (1, EventStep(time, "FirewallConfiguration", _firewall, 20)),
        (1, EventStep(time, "OSBaseline", _baseline, 30)),
        (1, EventStep(time, "SystemInformation", _systemInformation, 1)),
        (1, _log.Select(l => (Step)l)),
        (6, Gen.Int[0, 40 * 60].Select(seconds => (Step)new TickStep(seconds * 1000L))),
        (2, Gen.Int[0, _twins.Length - 1].Select(i => (Step)new TwinStep(Encoding.UTF8.GetBytes(_twins[i])))),
        (1, Gen.Const((Step)new ReportedStep())),
        (1, Gen.Const((Step)new FlushAllStep())),
        (1, Gen.Bool.Select(c => (Step)new ConnectedStep(c))),
        (1, Gen.Const((Step)new SendFailureStep())));

    /// <summary>
    /// A script of up to <paramref name="maxSteps"/> steps, ending with FlushAll. Tick steps are
    /// generated as advances (seconds) and made absolute in order; event times fall within the
    /// last minute before the current script time.
    /// </summary>
    public static Gen<Script> Scripts(int maxSteps) =>
        Gen.Select(Gen.Int[0, _offsets.Length - 1], Gen.Int[0, ValidTwins - 1], Steps(Gen.Int[0, 60000].Select(ms => (long)ms)).Array[1, maxSteps])
            .Select(t => MakeAbsolute(_offsets[t.Item1], _twins[t.Item2], t.Item3));

    private static Script MakeAbsolute(int offset, string twin, Step[] relative)
    {
        var now = Start;
        var steps = new List<Step>(relative.Length + 1);
        foreach (var step in relative)
        {
            switch (step)
            {
                case TickStep t:
                    now += t.NowMs;
                    steps.Add(new TickStep(now));
                    break;
                case SubmitEventStep e:
                    steps.Add(new SubmitEventStep(e.Event with { TimeMs = Math.Max(Start, now - e.Event.TimeMs) }));
                    break;
                default:
                    steps.Add(step);
                    break;
            }
        }

        steps.Add(new FlushAllStep());
        return new Script("5b0d9d52-3a4f-4c1e-9f7e-0c2d41a8e6b3", "1.2.0", offset, Start, Encoding.UTF8.GetBytes(twin), steps);
    }

    private static RawItem Item(RawField[] fields, RawDetail[] details) => new(fields, details);

    private static RawField Text(string name, byte[] value) => RawField.Of(name, value);

    private static RawField Int(string name, long value) => RawField.Of(name, value);

    private static RawField Boolean(string name, bool value) => RawField.Of(name, value);

    private static byte[] Repeat(string unit, int count) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(unit, count)));

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];
}
