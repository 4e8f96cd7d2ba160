namespace SecurityAgent.Schemas.Tests;

public sealed class CorpusTests
{
    private static IEnumerable<string> ValidFiles => CorpusFiles.Valid;

    private static IEnumerable<string> InvalidFiles => CorpusFiles.Invalid;

    [TestCaseSource(nameof(ValidFiles))]
    public void Evaluate_ValidCorpusMessage_IsValid(string fileName)
    {
        using var message = CorpusFiles.Read("valid", fileName);

        var results = SchemaCatalog.Evaluate(SchemaCatalog.Message, message.RootElement);

        Assert.That(results.IsValid, Is.True, () => SchemaCatalog.Describe(results));
    }

    [TestCaseSource(nameof(InvalidFiles))]
    public void Evaluate_InvalidCorpusMessage_IsInvalid(string fileName)
    {
        using var message = CorpusFiles.Read("invalid", fileName);

        var results = SchemaCatalog.Evaluate(SchemaCatalog.Message, message.RootElement);

        Assert.That(results.IsValid, Is.False);
    }

    [Test]
    public void Corpus_Size_HasAtLeastThirtyOfEachKind()
    {
        Assert.That(CorpusFiles.Valid.Count(), Is.GreaterThanOrEqualTo(30));
        Assert.That(CorpusFiles.Invalid.Count(), Is.GreaterThanOrEqualTo(30));
    }
}
