using SecurityAgent.Core.Aggregation;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Core.Tests.Aggregation;

public class AggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 5, 9, 15, 2, 123, TimeSpan.Zero);

    private static Aggregator CreateSut() => new(EventName.ProcessCreate, T0);

    private static ProcessCreatePayload Process(string commandLine, string executable = "/usr/bin/x") => new()
    {
        Executable = executable,
        ProcessId = 7,
        ParentProcessId = 1,
        UserId = "0",
        CommandLine = commandLine,
    };

    [Test]
    public void TryAdd_CommandLinesDifferOnlyBeyond4096Bytes_OneKey()
    {
        var sut = CreateSut();

        sut.TryAdd(Process(new string('x', 4100) + "1"), 16);
        sut.TryAdd(Process(new string('x', 4100) + "2"), 16);

        Assert.That(sut.Count, Is.EqualTo(1));
        Assert.That(sut.PendingHits, Is.EqualTo(2));
    }

    [Test]
    public void TryAdd_ExecutablesDifferOnlyBeyond1024Bytes_OneKey()
    {
        var sut = CreateSut();

        sut.TryAdd(Process("x", new string('e', 1030) + "a"), 16);
        sut.TryAdd(Process("x", new string('e', 1030) + "b"), 16);

        Assert.That(sut.Count, Is.EqualTo(1));
    }

    [Test]
    public void TryAdd_CommandLinesDifferAt4093Bytes_TwoKeys()
    {
        var sut = CreateSut();

        sut.TryAdd(Process(new string('x', 4092) + "a"), 16);
        sut.TryAdd(Process(new string('x', 4092) + "b"), 16);

        Assert.That(sut.Count, Is.EqualTo(2));
    }
}
