using System.Globalization;
using BenchmarkDotNet.Attributes;
using SecurityAgent.Core;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Ids;

namespace SecurityAgent.Bench;

/// <summary>
/// Raw events per second through router, aggregator and message builder into serialized
/// messages. One operation = one raw event; each invocation submits a batch of pre-built events
/// and ticks the core so that every aggregated event is flushed and every message built.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int BatchSize = 100_000;

    private static readonly DateTimeOffset Start = new(2024, 3, 5, 9, 15, 2, TimeSpan.Zero);

    private SecurityEvent[] _realistic = [];
    private SecurityEvent[] _unique = [];
    private SecurityEvent[] _repeated = [];
    private AgentCore _core = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        // Realistic: 95 % of executions repeat one of 50 command lines, 5 % are unique.
        _realistic = new SecurityEvent[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            var unique = i % 20 == 0;
            var command = unique ? "/usr/bin/python3 /tmp/job-" + i.ToString(CultureInfo.InvariantCulture) + ".py --run" : "/bin/sh -c /usr/lib/cron/task-" + (i % 50).ToString(CultureInfo.InvariantCulture);
            _realistic[i] = i % 10 == 9 ? Connection(i % 40) : Process(command, (uint)i);
        }

        _unique = new SecurityEvent[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            _unique[i] = Process("/usr/bin/python3 /srv/app/worker.py --task " + i.ToString(CultureInfo.InvariantCulture), (uint)i);
        }

        _repeated = new SecurityEvent[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            _repeated[i] = Process("/bin/sh -c /usr/lib/cron/task-" + (i % 50).ToString(CultureInfo.InvariantCulture), (uint)i);
        }
    }

    [IterationSetup]
    public void CreateCore()
    {
        _core = AgentCore.Create(new AgentCoreOptions
        {
            AgentId = "5b0d9d52-3a4f-4c1e-9f7e-0c2d41a8e6b3",
            AgentVersion = "0.1.0",
            UtcOffset = TimeSpan.FromHours(1),
            TimeProvider = new FixedTime(Start),
            IdSource = new DeterministicEventIdSource(),
        });
        // A cache large enough that nothing is evicted: the benchmark measures work, not drops.
        _core.ApplyTwin("""{"maxLocalCacheSizeInBytes":{"value":2000000000},"eventPriorityDroppedEventsStatistics":{"value":"Off"},"eventPriorityMessageStatistics":{"value":"Off"}}""");
        _now = Start;
    }

    /// <summary>Many repeated executions, some unique, a tenth connections; aggregated, flushed, built.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int RealisticMix() => Run(_realistic);

    /// <summary>Every event has its own key: each becomes an aggregated event and part of a message.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int AllUnique() => Run(_unique);

    /// <summary>Only repeated executions: the cost (and allocation) of one more hit.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int RepeatedOnly() => Run(_repeated);

    private int Run(SecurityEvent[] events)
    {
        foreach (var e in events)
        {
            _core.SubmitEvent(e);
        }

        // Past the aggregation interval and the low-priority send: flush and build everything.
        _now = _now.AddHours(6);
        var bytes = 0;
        foreach (var m in _core.Tick(_now).Messages)
        {
            bytes += m.Body.Length;
        }

        return bytes;
    }

    private static SecurityEvent Process(string command, uint pid) => SecurityEvent.Triggered(Start, new ProcessCreatePayload
    {
        Executable = command.Split(' ')[0],
        ProcessId = pid,
        ParentProcessId = 1,
        UserId = "0",
        CommandLine = command,
    });

    private static SecurityEvent Connection(int n) => SecurityEvent.Triggered(Start, new ConnectionCreatePayload
    {
        RemoteAddress = "192.0.2." + n.ToString(CultureInfo.InvariantCulture),
        RemotePort = "443",
        Direction = ConnectionDirection.Out,
        Protocol = "tcp",
        ProcessId = 1234,
        Executable = "/usr/bin/curl",
    });

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
