using System.Diagnostics;
using SecurityAgent.Outbox;
using OutboxStore = SecurityAgent.Outbox.Outbox;

using SecurityAgent.Tests.Support;

namespace SecurityAgent.Tests.Outbox;

/// <summary>
/// A real full disk: a 512 KiB tmpfs mounted for the test. Mounting needs root (CAP_SYS_ADMIN),
/// which the test suite has here and in CI.
/// </summary>
[NonParallelizable]
public sealed class OutboxDiskFullTests
{
    private const long TmpfsSize = 512 * 1024;
    private string _mountPoint = "";

    [SetUp]
    public void MountSmallTmpfs()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
            Assert.Ignore("A full disk is made with a tmpfs mount, which needs root on Linux.");
        _mountPoint = Directory.CreateTempSubdirectory("outbox-full-").FullName;
        Run("mount", $"-t tmpfs -o size={TmpfsSize} tmpfs {_mountPoint}");
    }

    [TearDown]
    public void Unmount()
    {
        if (_mountPoint.Length == 0)
            return;
        Run("umount", _mountPoint);
        Directory.Delete(_mountPoint);
    }

    [Test]
    public void Append_OnFullDisk_FailsAsValueKeepsEarlierMessagesAndLeavesNoTemporaryFile()
    {
        var sut = OutboxStore.Open(new OutboxOptions { Directory = Path.Combine(_mountPoint, "outbox"), MaxSizeInBytes = 4 * TmpfsSize });
        var chunk = new byte[100 * 1024];
        var stored = 0;
        OutboxAppendResult result;
        do
        {
            result = sut.Append(chunk, $"00000000-0000-4000-8000-{stored + 1:x12}", MessagePriority.High);
            if (result.Status == OutboxAppendStatus.Stored)
                stored++;
        }
        while (result.Status == OutboxAppendStatus.Stored && stored < 20);

        Assert.That(result.Status, Is.EqualTo(OutboxAppendStatus.WriteFailed));
        Assert.That(result.Error, Does.Contain("cannot write"));
        Assert.That(stored, Is.GreaterThan(0));
        Assert.That(sut.Statistics.WriteFailures, Is.EqualTo(1));
        Assert.That(Directory.GetFiles(Path.Combine(_mountPoint, "outbox"), "*.tmp"), Is.Empty);
        var reopened = OutboxStore.Open(new OutboxOptions { Directory = Path.Combine(_mountPoint, "outbox") });
        Assert.That(reopened.Pending, Has.Count.EqualTo(stored));
        Assert.That(reopened.Statistics.CorruptRecords, Is.Zero);
    }

    private static void Run(string command, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} {arguments} failed: {error}");
    }
}
