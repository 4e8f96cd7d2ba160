using SecurityAgent.Collectors.Linux.Audit;
using SecurityAgent.Collectors.Linux.Login;
using SecurityAgent.Collectors.Linux.Tests.Audit;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.Login;

public sealed class AuditLoginParserTests
{
    private static (List<LoginPayload> Items, int Malformed, int Unparsable) ParseFixture()
    {
        var events = AuditLog.Events(Fixtures.Path("Login", "audit.log"), out var unparsable);
        var items = new List<LoginPayload>();
        var malformed = 0;
        foreach (var record in events.SelectMany(e => e))
        {
            if (AuditLoginParser.Parse(record, out var bad) is { } item)
            {
                items.Add(item);
            }
            malformed += bad ? 1 : 0;
        }
        return (items, malformed, unparsable);
    }

    [Test]
    public void Parse_RecordedStream_LoginRecordsInOrderAccountingSkipped()
    {
        var (items, malformed, unparsable) = ParseFixture();
        Assert.That(items.Select(i => (i.ProcessId, i.Operation, i.Result)), Is.EqualTo(new[]
        {
            (4300u, "PAM:authentication", LoginResult.Fail),
            (4310u, "PAM:authentication", LoginResult.Success),
            (4310u, "PAM:session_open", LoginResult.Success),
            (4310u, "login", LoginResult.Success),
            (4320u, "login", LoginResult.Fail),
            (4330u, "PAM:authentication", LoginResult.Fail),
        }));
        Assert.That(malformed, Is.EqualTo(2), "a USER_LOGIN without pid, and one with neither account nor uid");
        Assert.That(unparsable, Is.EqualTo(2), "the truncated line and the garbage line");
    }

    [Test]
    public void Parse_FailedSshAuthentication_AccountAddressAndExecutable()
    {
        var item = ParseFixture().Items[0];
        Assert.That(item.UserName, Is.EqualTo("mallory"));
        Assert.That(item.UserId, Is.Null);
        Assert.That(item.RemoteAddress, Is.EqualTo("198.51.100.23"));
        Assert.That(item.Executable, Is.EqualTo("/usr/sbin/sshd"));
        Assert.That(item.ExtraDetails!["RecordType"], Is.EqualTo("USER_AUTH"));
        Assert.That(item.ExtraDetails["Terminal"], Is.EqualTo("ssh"));
    }

    [Test]
    public void Parse_UserLoginWithId_UserIdAndCanonicalIpv6()
    {
        var item = ParseFixture().Items[3];
        Assert.That((item.UserId, item.UserName, item.RemoteAddress), Is.EqualTo(("1000", (string?)null, "2001:db8::7")));
        Assert.That(item.ExtraDetails!.ContainsKey("Hostname"), Is.False, "hostname=? is no host name");
    }

    [Test]
    public void Parse_HexEncodedAccount_Decoded()
    {
        Assert.That(ParseFixture().Items[4].UserName, Is.EqualTo("(invalid user)"));
    }

    [Test]
    public void Parse_AddressQuestionMark_NoRemoteAddress()
    {
        Assert.That(ParseFixture().Items[5].RemoteAddress, Is.Null);
    }

    [Test]
    public void Parse_ValuesDecodingToNothing_AbsentNotEmpty()
    {
        Assert.That(AuditRecordParser.TryParseLogLine(
            "type=USER_AUTH msg=audit(1.5:1): pid=1 op=o acct=2020 id=7 exe=00 terminal=0000 res=1", out var record), Is.True);
        var item = AuditLoginParser.Parse(record, out var malformed);
        Assert.That(malformed, Is.False);
        Assert.That((item!.UserName, item.UserId, item.Executable), Is.EqualTo(((string?)null, "7", "[unknown]")));
        Assert.That(item.ExtraDetails!.ContainsKey("Terminal"), Is.False);
        Assert.That(AuditRecordParser.TryParseLogLine("type=USER_AUTH msg=audit(1.5:2): pid=1 op=o acct=00", out record), Is.True);
        Assert.That(AuditLoginParser.Parse(record, out malformed), Is.Null);
        Assert.That(malformed, Is.True, "no account left and no uid");
    }

    [Test]
    public void Parse_UidWithLeadingZeros_WrittenAsTheNumber()
    {
        Assert.That(AuditRecordParser.TryParseLogLine(
            "type=USER_LOGIN msg=audit(1.5:1): pid=1 op=login id=000000001000 res=failed", out var record), Is.True);
        Assert.That(AuditLoginParser.Parse(record, out _)!.UserId, Is.EqualTo("1000"));
    }
}
