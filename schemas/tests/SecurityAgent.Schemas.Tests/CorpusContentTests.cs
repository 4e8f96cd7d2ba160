using System.Globalization;

namespace SecurityAgent.Schemas.Tests;

/// <summary>What the schemas cannot say about the corpus: coverage and agreement between fields.</summary>
public sealed class CorpusContentTests
{
    private static IEnumerable<string> ValidFiles => CorpusFiles.Valid;

    [Test]
    public void ValidCorpus_EventNames_CoverEveryEvent()
    {
        var names = CorpusFiles.Valid
            .SelectMany(f =>
            {
                using var message = CorpusFiles.Read("valid", f);
                return message.RootElement.GetProperty("Events").EnumerateArray()
                    .Select(e => e.GetProperty("Name").GetString()!).ToArray();
            })
            .ToHashSet(StringComparer.Ordinal);

        Assert.That(names, Is.EquivalentTo(EventSchemas.Names));
    }

    [Test]
    public void InvalidCorpus_FileNames_CoverEveryEvent()
    {
        foreach (var name in EventSchemas.Names)
        {
            var prefix = name.ToLowerInvariant() + "-";
            Assert.That(CorpusFiles.Invalid.Any(f => f.StartsWith(prefix, StringComparison.Ordinal)), Is.True, name);
        }
    }

    [TestCaseSource(nameof(ValidFiles))]
    public void ValidCorpusEvent_LocalAndUtcTimestamps_DenoteSameInstant(string fileName)
    {
        using var message = CorpusFiles.Read("valid", fileName);

        foreach (var @event in message.RootElement.GetProperty("Events").EnumerateArray())
        {
            var local = DateTimeOffset.ParseExact(
                @event.GetProperty("TimestampLocal").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
            var utc = DateTimeOffset.ParseExact(
                @event.GetProperty("TimestampUTC").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal);

            Assert.That(local.UtcDateTime, Is.EqualTo(utc.UtcDateTime));
        }
    }

    [TestCaseSource(nameof(ValidFiles))]
    public void ValidCorpusMessage_EventIds_AreDistinct(string fileName)
    {
        using var message = CorpusFiles.Read("valid", fileName);

        var ids = message.RootElement.GetProperty("Events").EnumerateArray()
            .Select(e => e.GetProperty("Id").GetString()).ToArray();

        Assert.That(ids, Is.Unique);
    }
}
