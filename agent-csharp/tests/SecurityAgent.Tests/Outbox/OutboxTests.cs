using System.Runtime.Versioning;
using System.Text;
using SecurityAgent.Outbox;
using OutboxStore = SecurityAgent.Outbox.Outbox;

using SecurityAgent.Tests.Support;

namespace SecurityAgent.Tests.Outbox;

public sealed class OutboxTests
{
    private const long Budget = OutboxOptions.MinimumMaxSizeInBytes;

    private static OutboxStore CreateSut(string directory, long maxSize = Budget) =>
        OutboxStore.Open(new OutboxOptions { Directory = directory, MaxSizeInBytes = maxSize });

    private static string Id(int n) => $"00000000-0000-4000-8000-{n:x12}";

    private static byte[] Body(string text) => Encoding.UTF8.GetBytes(text);

    [Test]
    public void Append_ThenReopen_ReturnsMessagesInOrderWithTheirBytes()
    {
        using var folder = new TempFolder();
        var first = CreateSut(folder.Path);
        first.Append(Body("{\"a\":1}"), Id(1), MessagePriority.Low);
        first.Append(Body("{\"b\":\"é\"}"), Id(2), MessagePriority.High);

        var reopened = CreateSut(folder.Path);

        var pending = reopened.Pending;
        Assert.That(pending.Select(e => e.MessageId), Is.EqualTo(new[] { Id(1), Id(2) }));
        Assert.That(pending.Select(e => e.Priority), Is.EqualTo(new[] { MessagePriority.Low, MessagePriority.High }));
        Assert.That(reopened.ReadPayload(pending[1]), Is.EqualTo(Body("{\"b\":\"é\"}")));
    }

    [Test]
    public void Append_AfterReopen_SortsAfterRecoveredMessages()
    {
        using var folder = new TempFolder();
        CreateSut(folder.Path).Append(Body("old"), Id(1), MessagePriority.High);
        var reopened = CreateSut(folder.Path);

        reopened.Append(Body("new"), Id(2), MessagePriority.High);

        Assert.That(CreateSut(folder.Path).Pending.Select(e => e.MessageId), Is.EqualTo(new[] { Id(1), Id(2) }));
    }

    [Test]
    public void Remove_AfterPuback_DeletesTheRecordForGood()
    {
        using var folder = new TempFolder();
        var sut = CreateSut(folder.Path);
        var stored = sut.Append(Body("x"), Id(1), MessagePriority.Low).Entry!;

        sut.Remove(stored);
        sut.Remove(stored);

        Assert.That(sut.Pending, Is.Empty);
        Assert.That(folder.Records(), Is.Empty);
        Assert.That(CreateSut(folder.Path).Pending, Is.Empty);
    }

    [Test]
    public void Append_WhenFull_EvictsOldestLowBeforeAnyHigh()
    {
        using var folder = new TempFolder();
        var sut = CreateSut(folder.Path);
        var third = new byte[Budget / 3 - 100];
        sut.Append(third, Id(1), MessagePriority.High);
        sut.Append(third, Id(2), MessagePriority.Low);
        sut.Append(third, Id(3), MessagePriority.Low);

        var result = sut.Append(third, Id(4), MessagePriority.High);

        Assert.That(result.Status, Is.EqualTo(OutboxAppendStatus.Stored));
        Assert.That(result.Evicted.Select(e => e.MessageId), Is.EqualTo(new[] { Id(2) }));
        Assert.That(sut.Pending.Select(e => e.MessageId), Is.EqualTo(new[] { Id(1), Id(3), Id(4) }));
        Assert.That(sut.Statistics.EvictedLow, Is.EqualTo(1));
        Assert.That(sut.Statistics.EvictedHigh, Is.Zero);
        Assert.That(folder.Records(), Has.Length.EqualTo(3));
    }

    [Test]
    public void Append_WhenFullOfHighOnly_EvictsOldestHighAndCountsIt()
    {
        using var folder = new TempFolder();
        var sut = CreateSut(folder.Path);
        var half = new byte[Budget / 2 - 100];
        sut.Append(half, Id(1), MessagePriority.High);
        sut.Append(half, Id(2), MessagePriority.High);

        var result = sut.Append(half, Id(3), MessagePriority.Low);

        Assert.That(result.Evicted.Select(e => e.MessageId), Is.EqualTo(new[] { Id(1) }));
        Assert.That(sut.Statistics.EvictedHigh, Is.EqualTo(1));
        Assert.That(sut.Statistics.PendingBytes, Is.LessThanOrEqualTo(Budget));
    }

    [Test]
    public void Append_LargerThanBudget_IsRefusedAndEvictsNothing()
    {
        using var folder = new TempFolder();
        var sut = CreateSut(folder.Path);
        sut.Append(Body("keep"), Id(1), MessagePriority.Low);

        var result = sut.Append(new byte[Budget + 1], Id(2), MessagePriority.High);

        Assert.That(result.Status, Is.EqualTo(OutboxAppendStatus.TooLarge));
        Assert.That(result.Error, Does.Contain("exceeds the outbox budget"));
        Assert.That(sut.Pending.Select(e => e.MessageId), Is.EqualTo(new[] { Id(1) }));
    }

    [Test]
    public void Open_WithSmallerBudgetThanLastRun_EvictsDownToTheNewBudget()
    {
        using var folder = new TempFolder();
        var big = CreateSut(folder.Path, 4 * Budget);
        for (var i = 1; i <= 4; i++)
            big.Append(new byte[Budget / 2], Id(i), i % 2 == 0 ? MessagePriority.High : MessagePriority.Low);

        var small = CreateSut(folder.Path, Budget);

        Assert.That(small.Statistics.PendingBytes, Is.LessThanOrEqualTo(Budget));
        Assert.That(small.Pending.Select(e => e.Priority), Is.All.EqualTo(MessagePriority.High));
        Assert.That(small.Statistics.EvictedLow, Is.EqualTo(2));
    }

    [Test]
    public void Append_InvalidMessageId_IsMisuse()
    {
        using var folder = new TempFolder();
        var sut = CreateSut(folder.Path);

        Assert.That(() => sut.Append(Body("x"), "not-a-uuid", MessagePriority.Low), Throws.ArgumentException);
    }

    [Test]
    public void Open_BudgetBelowOneMessage_IsRejected()
    {
        using var folder = new TempFolder();

        Assert.That(() => CreateSut(folder.Path, 8192), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    [Platform(Exclude = "Win")]
    public void Open_CreatesFolderAndRecordsReadableByOwnerOnly()
    {
        using var folder = new TempFolder();
        var directory = Path.Combine(folder.Path, "new");
        var sut = CreateSut(directory);

        sut.Append(Body("secret"), Id(1), MessagePriority.High);

        Assert.That(File.GetUnixFileMode(directory), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        var record = Directory.GetFiles(directory).Single();
        Assert.That(File.GetUnixFileMode(record), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }
}
