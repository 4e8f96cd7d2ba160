using System.Text;
using System.Text.Json;

namespace SecurityAgent.Schemas.Tests;

/// <summary>The schemas list members in canonical order, and the valid corpus follows it.</summary>
public sealed class CanonicalOrderTests
{
    private static readonly string[] EnvelopeOrder = ["AgentVersion", "AgentId", "MessageSchemaVersion", "Events"];

    private static readonly string[] EventOrder =
    [
        "EventType", "Category", "Name", "IsEmpty", "PayloadSchemaVersion", "Id", "TimestampLocal", "TimestampUTC", "Payload",
    ];

    private static IEnumerable<string> Names => EventSchemas.Names;

    private static IEnumerable<string> ValidFiles => CorpusFiles.Valid;

    [Test]
    public void MessageSchema_Properties_InEnvelopeOrder()
    {
        Assert.That(EventSchemas.TopLevelMembers(SchemaCatalog.Message), Is.EqualTo(EnvelopeOrder));
    }

    [Test]
    public void EventSchema_Properties_InEventOrder()
    {
        Assert.That(EventSchemas.TopLevelMembers("event.schema.json"), Is.EqualTo(EventOrder));
    }

    [TestCaseSource(nameof(Names))]
    public void PayloadSchema_Properties_ListExtraDetailsLast(string name)
    {
        Assert.That(EventSchemas.PayloadMembers(name)[^1], Is.EqualTo("ExtraDetails"));
    }

    [TestCaseSource(nameof(ValidFiles))]
    public void ValidCorpusMessage_Members_InCanonicalOrder(string fileName)
    {
        using var message = CorpusFiles.Read("valid", fileName);

        AssertOrder(message.RootElement, EnvelopeOrder, "envelope");
        foreach (var @event in message.RootElement.GetProperty("Events").EnumerateArray())
        {
            var name = @event.GetProperty("Name").GetString()!;
            AssertOrder(@event, EventOrder, name);
            foreach (var item in @event.GetProperty("Payload").EnumerateArray())
            {
                AssertOrder(item, EventSchemas.PayloadMembers(name), name + " payload");
                if (item.TryGetProperty("ExtraDetails", out var details))
                {
                    var keys = details.EnumerateObject().Select(p => Encoding.UTF8.GetBytes(p.Name)).ToArray();
                    Assert.That(
                        keys.Zip(keys.Skip(1)).All(pair => pair.First.AsSpan().SequenceCompareTo(pair.Second) < 0),
                        Is.True,
                        $"{name}: ExtraDetails keys are not in ordinal byte order");
                }
            }
        }
    }

    private static void AssertOrder(JsonElement element, IReadOnlyList<string> canonical, string what)
    {
        var members = element.EnumerateObject().Select(p => p.Name).ToArray();
        var expected = canonical.Where(members.Contains).ToArray();
        Assert.That(members, Is.EqualTo(expected), what);
    }
}
