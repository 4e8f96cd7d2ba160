using SecurityAgent.Core.Events;
using SecurityAgent.Core.Ids;
using SecurityAgent.Core.Messages;
using SecurityAgent.Core.Queues;

namespace SecurityAgent.Core.Tests.Queues;

public class EventQueuesTests
{
    private static EventQueues CreateSut(long budget) => new(new DeterministicEventIdSource()) { Budget = budget };

    private static SerializedEvent Event(int size) => new(new byte[size], 0, 1);

    [Test]
    public void Offer_Fits_AcceptedAndIdPatched()
    {
        var sut = CreateSut(1000);
        var e = Event(100);
        Assert.That(sut.Offer(QueueName.High, e, 500), Is.True);
        Assert.That(System.Text.Encoding.ASCII.GetString(e.Bytes, 0, 36), Is.EqualTo("00000000-0000-4000-8000-000000000001"));
        Assert.That(sut.UsedBytes, Is.EqualTo(100));
    }

    [Test]
    public void Offer_LargerThanMaxEvent_DroppedAndCounted()
    {
        var sut = CreateSut(10000);
        Assert.That(sut.Offer(QueueName.Low, Event(600), 500), Is.False);
        Assert.That((sut.Low.CollectedEvents, sut.Low.DroppedEvents, sut.Low.Count), Is.EqualTo((1L, 1L, 0)));
    }

    [Test]
    public void Offer_HighWhenFull_EvictsOldestLowFirst()
    {
        var sut = CreateSut(300);
        var low1 = Event(100);
        var low2 = Event(100);
        sut.Offer(QueueName.Low, low1, 500);
        sut.Offer(QueueName.High, Event(100), 500);
        sut.Offer(QueueName.Low, low2, 500);

        Assert.That(sut.Offer(QueueName.High, Event(100), 500), Is.True);

        Assert.That(sut.Low.DroppedEvents, Is.EqualTo(1));
        Assert.That(sut.Low.TryPeek(out var head) && ReferenceEquals(head, low2), Is.True);
        Assert.That((sut.High.Count, sut.Low.Count), Is.EqualTo((2, 1)));
    }

    [Test]
    public void Offer_LowWhenOnlyHighQueued_NewLowDroppedHighKept()
    {
        var sut = CreateSut(200);
        sut.Offer(QueueName.High, Event(100), 500);
        sut.Offer(QueueName.High, Event(100), 500);
        Assert.That(sut.Offer(QueueName.Low, Event(100), 500), Is.False);
        Assert.That((sut.High.Count, sut.High.DroppedEvents, sut.Low.DroppedEvents), Is.EqualTo((2, 0L, 1L)));
    }

    [Test]
    public void Offer_HighWhenLowCannotMakeRoom_EvictsOldestHigh()
    {
        var sut = CreateSut(200);
        sut.Offer(QueueName.High, Event(100), 500);
        sut.Offer(QueueName.High, Event(100), 500);
        Assert.That(sut.Offer(QueueName.High, Event(150), 500), Is.True);
        Assert.That((sut.High.Count, sut.High.DroppedEvents, sut.UsedBytes), Is.EqualTo((1, 2L, 150L)));
    }

    [Test]
    public void Offer_CannotFitEvenAfterEviction_NothingEvicted()
    {
        var sut = CreateSut(250);
        sut.Offer(QueueName.Operational, Event(200), 500);
        Assert.That(sut.Offer(QueueName.High, Event(100), 500), Is.False);
        Assert.That((sut.Operational.Count, sut.High.DroppedEvents), Is.EqualTo((1, 1L)));
    }

    [Test]
    public void Counters_AfterMixedOperations_CollectedIsSentPlusDroppedPlusQueued()
    {
        var sut = CreateSut(250);
        for (var i = 0; i < 10; i++)
        {
            sut.Offer((QueueName)(i % 3), Event(50 + (i * 10)), 500);
        }

        if (sut.High.Count > 0)
        {
            sut.High.TakeSent();
        }

        Assert.That(sut.High.DroppedEvents + sut.Low.DroppedEvents + sut.Operational.DroppedEvents, Is.GreaterThan(0));
        foreach (var q in new[] { sut.High, sut.Low, sut.Operational })
        {
            Assert.That(q.CollectedEvents, Is.EqualTo(q.SentEvents + q.DroppedEvents + q.Count), q.Name.ToString());
        }
    }
}
