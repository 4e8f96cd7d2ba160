using System.Net;
using SecurityAgent.Collectors.Linux.Login;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.Login;

public sealed class UtmpParserTests
{
    private static (List<UtmpRecord> Records, long Malformed, int Remaining) ParseFile(string name)
    {
        var data = File.ReadAllBytes(Fixtures.Path("Login", "root", "var", "log", name));
        var records = new List<UtmpRecord>();
        long malformed = 0;
        var consumed = UtmpParser.Parse(data, records, ref malformed);
        return (records, malformed, data.Length - consumed);
    }

    [Test]
    public void Parse_Wtmp_RecordsFieldsUnknownTypeAndTruncatedTail()
    {
        var (records, malformed, rest) = ParseFile("wtmp");
        Assert.That(records.Select(r => (r.Type, r.User)), Is.EqualTo(new[] { (2, "reboot"), (7, "alice"), (8, ""), (7, "bob"), (7, "carol") }));
        Assert.That(malformed, Is.EqualTo(1));
        Assert.That(rest, Is.EqualTo(100));
        var alice = records[1];
        Assert.That((alice.ProcessId, alice.Line, alice.Host), Is.EqualTo((4100u, "pts/0", "192.0.2.10")));
        Assert.That(alice.Address, Is.EqualTo(IPAddress.Parse("192.0.2.10")));
        Assert.That(alice.Timestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1712000100).AddMilliseconds(250)));
        Assert.That(records[3].Address, Is.EqualTo(IPAddress.Parse("2001:db8::7")));
        Assert.That(records[4].Address, Is.Null);
    }

    [Test]
    public void Map_WtmpAndBtmp_SuccessesAndFailures()
    {
        var successes = ParseFile("wtmp").Records.Select(r => UtmpLoginMapper.Map(r, failed: false, proc: null)).OfType<LoginPayload>().ToList();
        var failures = ParseFile("btmp").Records.Select(r => UtmpLoginMapper.Map(r, failed: true, proc: null)).OfType<LoginPayload>().ToList();
        Assert.That(successes.Select(s => (s.UserName, s.Result, s.RemoteAddress)), Is.EqualTo(new[]
        {
            ("alice", LoginResult.Success, (string?)"192.0.2.10"),
            ("bob", LoginResult.Success, "2001:db8::7"),
            ("carol", LoginResult.Success, null),
        }));
        Assert.That(failures.Select(s => (s.UserName, s.Result, s.ProcessId)), Is.EqualTo(new[]
        {
            ("mallory", LoginResult.Fail, 4200u),
            ("root", LoginResult.Fail, 4201u),
        }));
        Assert.That(failures[0].Executable, Is.EqualTo("[unknown]"));
        Assert.That(failures[0].ExtraDetails!["Source"], Is.EqualTo("btmp"));
        Assert.That(failures[0].ExtraDetails!["Terminal"], Is.EqualTo("ssh:notty"));
    }

    [Test]
    public void Parse_Btmp_NegativeTypeMalformedAndPartialRecordLeft()
    {
        var (records, malformed, rest) = ParseFile("btmp");
        Assert.That(records, Has.Count.EqualTo(3));
        Assert.That((malformed, rest), Is.EqualTo((1L, 2)));
    }

    [Test]
    public void Parse_Empty_NothingConsumed()
    {
        long malformed = 0;
        Assert.That(UtmpParser.Parse([], [], ref malformed), Is.Zero);
    }
}
