using System.Text;
using SecurityAgent.Collectors.Linux.Proc;

namespace SecurityAgent.Collectors.Linux.Tests.Proc;

public sealed class ProcFileSystemTests
{
    [Test]
    public void Read_FixtureProcess_ReturnsAllFields()
    {
        var sut = new ProcFileSystem(Fixtures.Path("ProcessCreate", "root"));
        Assert.That(sut.Read(26670), Is.EqualTo(new ProcessInfo(26670, 26619, 1000, "/usr/bin/dash", "/bin/sh -c /bin/true; exit 3", "sh")));
        Assert.That(sut.Read(1), Is.Null);
        Assert.That(sut.ListProcessIds().Order(), Is.EqualTo(new uint[] { 26619, 26670 }));
    }

    [Test]
    public void Read_LiveSelf_MatchesEnvironment()
    {
        var sut = new ProcFileSystem("/");
        var self = sut.Read((uint)Environment.ProcessId);
        Assert.That(self, Is.Not.Null);
        Assert.That(self!.Executable, Is.EqualTo(Environment.ProcessPath));
    }

    [TestCase("Name:\tx\nPPid:\t1\n", false)]
    [TestCase("Name:\tx\nUid:\t5\t5\t5\t5\n", false)]
    [TestCase("PPid:\tabc\nUid:\t5\n", false)]
    [TestCase("garbage", false)]
    [TestCase("", false)]
    [TestCase("PPid:\t7\nUid:\t5\t6\t6\t6\n", true)]
    public void TryParseStatus_Input_NeedsPpidAndUid(string text, bool expected) =>
        Assert.That(ProcFileSystem.TryParseStatus(text, out _, out _, out _), Is.EqualTo(expected));

    [Test]
    public void TryParseStatus_RealUid_IsTheFirstColumn()
    {
        Assert.That(ProcFileSystem.TryParseStatus("PPid:\t7\nUid:\t5\t0\t0\t0\n", out var ppid, out var uid, out _), Is.True);
        Assert.That((ppid, uid), Is.EqualTo((7u, 5u)));
    }

    [Test]
    public void JoinCommandLine_NulSeparatedWithInvalidUtf8_JoinsAndReplaces()
    {
        var raw = new byte[] { (byte)'a', 0, (byte)'b', 0xff, 0, 0 };
        Assert.That(ProcFileSystem.JoinCommandLine(raw), Is.EqualTo("a b\uFFFD"));
        Assert.That(ProcFileSystem.JoinCommandLine(Encoding.UTF8.GetBytes("single")), Is.EqualTo("single"));
        Assert.That(ProcFileSystem.JoinCommandLine([]), Is.Empty);
    }
}
