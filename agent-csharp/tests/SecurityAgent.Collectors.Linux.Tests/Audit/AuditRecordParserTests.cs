using SecurityAgent.Collectors.Linux.Audit;

namespace SecurityAgent.Collectors.Linux.Tests.Audit;

public sealed class AuditRecordParserTests
{
    [Test]
    public void TryParse_SyscallText_ReadsStampAndUnquotesFields()
    {
        Assert.That(AuditRecordParser.TryParse(1300, "audit(1700000000.250:77): syscall=42 comm=\"curl\" key=(null)\0", out var r), Is.True);
        Assert.That(r.Serial, Is.EqualTo(77));
        Assert.That(r.Timestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1700000000250)));
        Assert.That(r.Fields, Is.EqualTo(new Dictionary<string, string> { ["syscall"] = "42", ["comm"] = "curl", ["key"] = "(null)" }));
    }

    [Test]
    public void TryParse_UserMessage_FlattensMsgAndKeepsOuterPid()
    {
        const string text = "audit(1700000000.000:5): pid=900 uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:authentication grantors=? acct=\"bob\" exe=\"/usr/sbin/sshd\" hostname=198.51.100.7 addr=198.51.100.7 terminal=ssh res=failed pid=1'";
        Assert.That(AuditRecordParser.TryParse(1100, text, out var r), Is.True);
        Assert.That(r["pid"], Is.EqualTo("900"));
        Assert.That(r["acct"], Is.EqualTo("bob"));
        Assert.That(r["res"], Is.EqualTo("failed"));
        Assert.That(r["op"], Is.EqualTo("PAM:authentication"));
    }

    [TestCase("")]
    [TestCase("audit(")]
    [TestCase("audit(1700000000.000:5")]
    [TestCase("audit(abc:5): a=b")]
    [TestCase("audit(1700000000.000): a=b")]
    [TestCase("node=x type=SYSCALL")]
    public void TryParse_Malformed_IsRejected(string text) =>
        Assert.That(AuditRecordParser.TryParse(1300, text, out _), Is.False);

    [Test]
    public void TryParse_UnterminatedQuoteAndBareWords_KeepsWhatItCan()
    {
        Assert.That(AuditRecordParser.TryParse(1300, "audit(1.000:1): a=1 bare b=\"open", out var r), Is.True);
        Assert.That(r["a"], Is.EqualTo("1"));
        Assert.That(r["b"], Is.EqualTo("open"));
    }

    [TestCase("6C73002D6C61", "ls -la")]
    [TestCase("\"plain\"", "\"plain\"")]
    [TestCase("/usr/bin/ls", "/usr/bin/ls")]
    [TestCase("ABC", "ABC")]
    [TestCase("(null)", "(null)")]
    public void DecodeHex_Values_DecodesOnlyHex(string value, string expected) =>
        Assert.That(AuditRecordParser.DecodeHex(value), Is.EqualTo(expected));

    [Test]
    public void TryParseLogLine_UnknownTypeName_IsRejectedButNumberedUnknownIsRead()
    {
        Assert.That(AuditRecordParser.TryParseLogLine("type=NOPE msg=audit(1.000:1): a=b", out _), Is.False);
        Assert.That(AuditRecordParser.TryParseLogLine("type=UNKNOWN[1337] msg=audit(1.000:1): a=b", out var r), Is.True);
        Assert.That(r.Type, Is.EqualTo(1337));
    }
}
