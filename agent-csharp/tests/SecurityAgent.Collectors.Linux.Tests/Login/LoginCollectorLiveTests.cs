using System.Buffers.Binary;
using System.Text;
using SecurityAgent.Collectors.Linux.Interop;
using SecurityAgent.Collectors.Linux.Login;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.Login;

/// <summary>
/// A failed login for real: this process sends an AUDIT_USER_AUTH message over audit netlink, as
/// PAM's pam_loginuid/libaudit would (CAP_AUDIT_WRITE), while the collector listens through the hub.
/// </summary>
[NonParallelizable]
public sealed class LoginCollectorLiveTests
{
    private const ushort AuditUserAuth = 1100;

    [Test]
    public async Task RunAsync_AuditUserAuthFailed_IsSeenAsFailedLogin()
    {
        using var context = new TestCollectorContext();
        using var stop = new CancellationTokenSource();
        var collector = new LoginCollector(new LoginOptions { Source = LoginSource.Audit });
        var run = collector.RunAsync(context, stop.Token);
        var account = "sa-test-" + Environment.ProcessId;
        try
        {
            Assert.That(await TestCollectorContext.EventuallyAsync(() => context.Reports.Count > 0), Is.True);
            Assert.That(context.Reports[0].Message, Does.Contain("audit netlink"), context.Reports[0].Message);
            Send($"op=PAM:authentication grantors=? acct=\"{account}\" exe=\"/usr/sbin/sshd\" hostname=127.0.0.1 addr=127.0.0.1 terminal=ssh res=failed");
            Assert.That(await TestCollectorContext.EventuallyAsync(() => context.Items<LoginPayload>().Any(l => l.UserName == account)), Is.True);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
        var item = context.Items<LoginPayload>().First(l => l.UserName == account);
        Assert.That((item.Result, item.Operation, item.RemoteAddress), Is.EqualTo((LoginResult.Fail, "PAM:authentication", "127.0.0.1")));
        Assert.That(item.ProcessId, Is.EqualTo((uint)Environment.ProcessId));
        Assert.That(item.Executable, Is.EqualTo("/usr/sbin/sshd"));
        Assert.That(collector.ActiveSource, Is.EqualTo("audit"));
    }

    [Test]
    public async Task RunAsync_UtmpSource_AppendedBtmpRecordIsFailedLogin()
    {
        using var scratch = Fixtures.Scratch();
        var wtmp = scratch.Write("var/log/wtmp", string.Empty);
        var btmp = scratch.Write("var/log/btmp", string.Empty);
        using var context = new TestCollectorContext();
        using var stop = new CancellationTokenSource();
        var collector = new LoginCollector(new LoginOptions { Root = scratch.FullPath, Source = LoginSource.Utmp, PollingInterval = TimeSpan.FromMilliseconds(100) });
        var run = collector.RunAsync(context, stop.Token);
        try
        {
            Assert.That(await TestCollectorContext.EventuallyAsync(() => context.Reports.Count > 0), Is.True);
            var fixture = File.ReadAllBytes(Fixtures.Path("Login", "root", "var", "log", "btmp"));
            await File.WriteAllBytesAsync(btmp, fixture.AsSpan(0, UtmpParser.RecordLength).ToArray());
            var wtmpFixture = File.ReadAllBytes(Fixtures.Path("Login", "root", "var", "log", "wtmp"));
            await File.WriteAllBytesAsync(wtmp, wtmpFixture.AsSpan(UtmpParser.RecordLength, UtmpParser.RecordLength).ToArray());
            Assert.That(await TestCollectorContext.EventuallyAsync(() => context.Items<LoginPayload>().Count() >= 2), Is.True);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
        Assert.That(context.Items<LoginPayload>().Select(l => (l.UserName, l.Result)).Order(),
            Is.EqualTo(new[] { ("alice", LoginResult.Success), ("mallory", LoginResult.Fail) }));
        Assert.That(collector.ActiveSource, Is.EqualTo("utmp"));
    }

    private static void Send(string text)
    {
        Assert.That(NetlinkSocket.TryOpen(9, 0, 64 << 10, out var socket), Is.Zero);
        using (socket)
        {
            var body = Encoding.ASCII.GetBytes(text + "\0");
            var message = new byte[16 + body.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), AuditUserAuth);
            BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), 0x1 | 0x4);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), 1);
            body.CopyTo(message.AsSpan(16));
            Assert.That(socket!.Send(message), Is.Zero);
        }
    }
}
