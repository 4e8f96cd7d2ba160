using SecurityAgent.Collectors.Linux.Login;

namespace SecurityAgent.Collectors.Linux.Tests.Login;

public sealed class UtmpTailTests
{
    private static byte[] Wtmp => File.ReadAllBytes(Fixtures.Path("Login", "root", "var", "log", "wtmp"));

    [Test]
    public void Read_AppendedRecords_OnlyNewOnesAndPartialWaits()
    {
        using var scratch = Fixtures.Scratch();
        var path = Path.Combine(scratch.FullPath, "wtmp");
        var all = Wtmp;
        File.WriteAllBytes(path, all.AsSpan(0, UtmpParser.RecordLength * 2).ToArray());
        var tail = new UtmpTail(path, fromStart: false);
        Assert.That(tail.Read(), Is.Empty, "history is not reported");
        using (var f = new FileStream(path, FileMode.Append))
        {
            f.Write(all.AsSpan(UtmpParser.RecordLength * 2, UtmpParser.RecordLength + 10));
        }
        Assert.That(tail.Read().Select(r => r.Type), Is.EqualTo(new[] { 8 }));
        using (var f = new FileStream(path, FileMode.Append))
        {
            f.Write(all.AsSpan((UtmpParser.RecordLength * 3) + 10, UtmpParser.RecordLength - 10));
        }
        Assert.That(tail.Read().Select(r => r.User), Is.EqualTo(new[] { "bob" }), "the partial record completed");
    }

    [Test]
    public void Read_FileRotated_ReadFromStart()
    {
        using var scratch = Fixtures.Scratch();
        var path = Path.Combine(scratch.FullPath, "wtmp");
        File.WriteAllBytes(path, Wtmp.AsSpan(0, UtmpParser.RecordLength * 3).ToArray());
        var tail = new UtmpTail(path, fromStart: false);
        File.WriteAllBytes(path, Wtmp.AsSpan(UtmpParser.RecordLength, UtmpParser.RecordLength).ToArray());
        Assert.That(tail.Read().Select(r => r.User), Is.EqualTo(new[] { "alice" }));
    }

    [Test]
    public void Read_MissingFile_Empty()
    {
        using var scratch = Fixtures.Scratch();
        var tail = new UtmpTail(Path.Combine(scratch.FullPath, "btmp"), fromStart: true);
        Assert.That(tail.Read(), Is.Empty);
    }
}
