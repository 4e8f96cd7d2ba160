using System.Text.Json;
using Json.Schema;

namespace SecurityAgent.Schemas.Tests;

/// <summary>Each schema file is a well-formed 2020-12 schema named by its place under the base URI.</summary>
public sealed class SchemaDocumentTests
{
    private static IEnumerable<string> SchemaFiles => SchemaCatalog.SchemaFiles;

    [TestCaseSource(nameof(SchemaFiles))]
    public void Evaluate_SchemaAgainstDraft202012MetaSchema_IsValid(string schemaFile)
    {
        using var schema = SchemaCatalog.ReadDocument(schemaFile);

        var results = MetaSchemas.Draft202012.Evaluate(
            schema.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.That(results.IsValid, Is.True, () => SchemaCatalog.Describe(results));
    }

    [TestCaseSource(nameof(SchemaFiles))]
    public void Schema_DialectMember_IsDraft202012(string schemaFile)
    {
        using var schema = SchemaCatalog.ReadDocument(schemaFile);

        Assert.That(
            schema.RootElement.GetProperty("$schema").GetString(),
            Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));
    }

    [TestCaseSource(nameof(SchemaFiles))]
    public void Schema_Id_IsBaseUriPlusFilePath(string schemaFile)
    {
        using var schema = SchemaCatalog.ReadDocument(schemaFile);

        Assert.That(schema.RootElement.GetProperty("$id").GetString(), Is.EqualTo(SchemaCatalog.BaseUri + schemaFile));
    }

    [Test]
    public void Schemas_Count_CoversEnvelopeEventsAndConfiguration()
    {
        Assert.That(SchemaCatalog.SchemaFiles, Is.SupersetOf(new[]
        {
            "definitions.schema.json",
            "event.schema.json",
            "message.schema.json",
            "twin-configuration.schema.json",
            "local-configuration.schema.json",
        }));
        Assert.That(SchemaCatalog.SchemaFiles.Count(f => f.StartsWith("events/", StringComparison.Ordinal)), Is.EqualTo(14));
    }

    [Test]
    public void ReadText_EverySchema_ParsesAsJson()
    {
        foreach (var file in SchemaCatalog.SchemaFiles)
        {
            Assert.That(() => JsonDocument.Parse(SchemaCatalog.ReadText(file)).Dispose(), Throws.Nothing, file);
        }
    }
}
