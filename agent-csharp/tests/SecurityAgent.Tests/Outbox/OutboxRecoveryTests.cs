using System.Text;
using SecurityAgent.Outbox;
using OutboxStore = SecurityAgent.Outbox.Outbox;

using SecurityAgent.Tests.Support;

namespace SecurityAgent.Tests.Outbox;

/// <summary>What a crash, a torn write or a damaged disk leaves behind, and how the outbox survives it.</summary>
public sealed class OutboxRecoveryTests
{
    private static OutboxStore CreateSut(string directory) =>
        OutboxStore.Open(new OutboxOptions { Directory = directory });

    private static string Id(int n) => $"00000000-0000-4000-8000-{n:x12}";

    private static TempFolder FolderWithThreeMessages()
    {
        var folder = new TempFolder();
        var sut = CreateSut(folder.Path);
        for (var i = 1; i <= 3; i++)
            sut.Append(Encoding.UTF8.GetBytes($"{{\"message\":{i}}}"), Id(i), MessagePriority.High);
        return folder;
    }

    [Test]
    public void Open_TornRecord_IsSkippedCountedAndRemoved()
    {
        using var folder = FolderWithThreeMessages();
        var torn = folder.Records()[1];
        var bytes = File.ReadAllBytes(torn);
        File.WriteAllBytes(torn, bytes[..(bytes.Length - 3)]);

        var sut = CreateSut(folder.Path);

        Assert.That(sut.Pending.Select(e => e.MessageId), Is.EqualTo(new[] { Id(1), Id(3) }));
        Assert.That(sut.Statistics.CorruptRecords, Is.EqualTo(1));
        Assert.That(File.Exists(torn), Is.False);
    }

    [Test]
    public void Open_FlippedPayloadByte_FailsTheChecksum()
    {
        using var folder = FolderWithThreeMessages();
        var damaged = folder.Records()[0];
        var bytes = File.ReadAllBytes(damaged);
        bytes[^2] ^= 0x20;
        File.WriteAllBytes(damaged, bytes);

        var sut = CreateSut(folder.Path);

        Assert.That(sut.Pending.Select(e => e.MessageId), Is.EqualTo(new[] { Id(2), Id(3) }));
        Assert.That(sut.Statistics.CorruptRecords, Is.EqualTo(1));
    }

    [TestCase(0, TestName = "Open_BadMagic_IsCorrupt")]
    [TestCase(4, TestName = "Open_UnknownFormatVersion_IsCorrupt")]
    [TestCase(6, TestName = "Open_BadPriority_IsCorrupt")]
    [TestCase(20, TestName = "Open_DamagedMessageId_IsCorrupt")]
    [TestCase(52, TestName = "Open_WrongPayloadLength_IsCorrupt")]
    public void Open_DamagedHeaderByte_IsCorrupt(int offset)
    {
        using var folder = FolderWithThreeMessages();
        var damaged = folder.Records()[2];
        var bytes = File.ReadAllBytes(damaged);
        bytes[offset] ^= 0x81;
        File.WriteAllBytes(damaged, bytes);

        var sut = CreateSut(folder.Path);

        Assert.That(sut.Pending.Select(e => e.MessageId), Is.EqualTo(new[] { Id(1), Id(2) }));
        Assert.That(sut.Statistics.CorruptRecords, Is.EqualTo(1));
    }

    [Test]
    public void Open_EmptyAndRenamedRecords_AreCorrupt()
    {
        using var folder = FolderWithThreeMessages();
        File.WriteAllBytes(Path.Combine(folder.Path, "00000000000000ff.msg"), []);
        var records = folder.Records();
        File.Copy(records[0], Path.Combine(folder.Path, "0000000000000100.msg"));

        var sut = CreateSut(folder.Path);

        Assert.That(sut.Pending, Has.Count.EqualTo(3));
        Assert.That(sut.Statistics.CorruptRecords, Is.EqualTo(2));
    }

    [Test]
    public void Open_LeftoverTemporaryFile_IsRemovedWithoutCounting()
    {
        using var folder = FolderWithThreeMessages();
        var temporary = Path.Combine(folder.Path, "0000000000000004.msg.tmp");
        File.WriteAllBytes(temporary, new byte[100]);

        var sut = CreateSut(folder.Path);

        Assert.That(File.Exists(temporary), Is.False);
        Assert.That(sut.Pending, Has.Count.EqualTo(3));
        Assert.That(sut.Statistics.CorruptRecords, Is.Zero);
    }

    [Test]
    public void ReadPayload_RecordDamagedAfterOpen_ReturnsNullAndDropsIt()
    {
        using var folder = FolderWithThreeMessages();
        var sut = CreateSut(folder.Path);
        var bytes = File.ReadAllBytes(folder.Records()[0]);
        bytes[^1] ^= 1;
        File.WriteAllBytes(folder.Records()[0], bytes);

        var payload = sut.ReadPayload(sut.Pending[0]);

        Assert.That(payload, Is.Null);
        Assert.That(sut.Pending, Has.Count.EqualTo(2));
        Assert.That(sut.Statistics.CorruptRecords, Is.EqualTo(1));
    }

    [Test]
    public void ReadPayload_RecordDeletedBehindItsBack_ReturnsNullAndDropsIt()
    {
        using var folder = FolderWithThreeMessages();
        var sut = CreateSut(folder.Path);
        File.Delete(folder.Records()[1]);

        Assert.That(sut.ReadPayload(sut.Pending[1]), Is.Null);
        Assert.That(sut.Pending.Select(e => e.MessageId), Is.EqualTo(new[] { Id(1), Id(3) }));
    }
}
