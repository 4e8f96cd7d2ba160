using System.Text.Json;

namespace SecurityAgent.Schemas.Tests;

/// <summary>The schemas are self-contained: every reference lands in a project schema, nothing is fetched.</summary>
public sealed class SchemaReferenceTests
{
    private static IEnumerable<string> SchemaFiles => SchemaCatalog.SchemaFiles;

    [Test]
    public void BuildAll_WithRegistryThatRefusesToFetch_BuildsEverySchema()
    {
        Assert.That(SchemaCatalog.BuildAll, Is.EqualTo(SchemaCatalog.SchemaFiles.Count));
    }

    [TestCaseSource(nameof(SchemaFiles))]
    public void Refs_InSchema_ResolveToProjectSchemaAndExistingLocation(string schemaFile)
    {
        var documents = SchemaCatalog.SchemaFiles.ToDictionary(
            f => SchemaCatalog.BaseUri + f, SchemaCatalog.ReadDocument, StringComparer.Ordinal);
        var self = documents[SchemaCatalog.BaseUri + schemaFile];

        foreach (var reference in CollectRefs(self.RootElement))
        {
            var target = new Uri(new Uri(SchemaCatalog.BaseUri + schemaFile), reference);
            var document = target.GetLeftPart(UriPartial.Query);
            Assert.That(documents.ContainsKey(document), Is.True, $"{schemaFile}: {reference} leaves the project");

            var pointer = Uri.UnescapeDataString(target.Fragment.TrimStart('#'));
            Assert.That(Resolve(documents[document].RootElement, pointer), Is.True, $"{schemaFile}: {reference} points nowhere");
        }
    }

    private static IEnumerable<string> CollectRefs(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref")
                    {
                        yield return property.Value.GetString()!;
                    }
                    else
                    {
                        foreach (var nested in CollectRefs(property.Value))
                        {
                            yield return nested;
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var nested in element.EnumerateArray().SelectMany(CollectRefs))
                {
                    yield return nested;
                }

                break;
        }
    }

    private static bool Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var token in pointer.Split('/').Skip(1))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return false;
            }
        }

        return true;
    }
}
