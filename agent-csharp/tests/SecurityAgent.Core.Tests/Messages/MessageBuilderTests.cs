using System.Text;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Ids;
using SecurityAgent.Core.Messages;
using SecurityAgent.Core.Queues;

namespace SecurityAgent.Core.Tests.Messages;

public class MessageBuilderTests
{
    private static MessageBuilder CreateSut() => new("0.1.0", "5b0d9d52-3a4f-4c1e-9f7e-0c2d41a8e6b3");

    private static SerializedEvent Event(char c, int size) => new(Encoding.ASCII.GetBytes(new string(c, size)), 0, 1);

    private static EventQueues Queues() => new(new FixedIds()) { Budget = 1 << 20 };

    [Test]
    public void Build_AllQueues_OperationalThenPathThenPiggyback()
    {
        var sut = CreateSut();
        var q = Queues();
        q.Offer(QueueName.Low, Event('l', 40), 1000);
        q.Offer(QueueName.High, Event('h', 40), 1000);
        q.Offer(QueueName.Operational, Event('o', 40), 1000);

        var body = Encoding.ASCII.GetString(sut.Build(q, QueueName.Low, 8192)!);

        Assert.That(body, Does.EndWith("\"Events\":[" + new string('o', 40) + "," + new string('l', 40) + "," + new string('h', 40) + "]}"));
    }

    [Test]
    public void Build_EventsBeyondLimit_StopsAtFirstThatDoesNotFitWithoutSkipping()
    {
        var sut = CreateSut();
        var q = Queues();
        var max = 8192;
        var room = sut.MaxEventSize(max);
        q.Offer(QueueName.High, Event('a', room - 100), room);
        q.Offer(QueueName.High, Event('b', 200), room);
        q.Offer(QueueName.High, Event('c', 40), room);

        var first = sut.Build(q, QueueName.High, max)!;
        var second = sut.Build(q, QueueName.High, max)!;

        Assert.That(first, Has.Length.EqualTo(max - 100));
        Assert.That(Encoding.ASCII.GetString(second), Does.EndWith("[" + new string('b', 200) + "," + new string('c', 40) + "]}"));
        Assert.That(sut.Build(q, QueueName.High, max), Is.Null);
    }

    [Test]
    public void Build_HeadLargerThanNewLimit_DroppedAndDoesNotBlock()
    {
        var sut = CreateSut();
        var q = Queues();
        q.Offer(QueueName.High, Event('x', 9000), 100000);
        q.Offer(QueueName.High, Event('y', 40), 100000);

        var body = sut.Build(q, QueueName.High, 8192)!;

        Assert.That(Encoding.ASCII.GetString(body), Does.EndWith("[" + new string('y', 40) + "]}"));
        Assert.That((q.High.DroppedEvents, q.High.SentEvents), Is.EqualTo((1L, 1L)));
    }

    [Test]
    public void Build_ExactlyMaxSize_Accepted()
    {
        var sut = CreateSut();
        var q = Queues();
        var room = sut.MaxEventSize(8192);
        q.Offer(QueueName.High, Event('a', room), room);
        Assert.That(sut.Build(q, QueueName.High, 8192)!, Has.Length.EqualTo(8192));
    }

    private sealed class FixedIds : IEventIdSource
    {
        public void WriteNext(Span<byte> destination)
        {
            // The test events have no id slot worth patching: leave their first bytes alone.
        }
    }
}
