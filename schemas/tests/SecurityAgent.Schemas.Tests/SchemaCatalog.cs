using System.Text.Json;
using Json.Schema;

namespace SecurityAgent.Schemas.Tests;

/// <summary>The project's schemas, built once into a private registry that never fetches anything.</summary>
internal static class SchemaCatalog
{
    public const string BaseUri = "https://schemas.iot-security-agent.dev/";
    public const string Message = "message.schema.json";
    public const string TwinConfiguration = "twin-configuration.schema.json";
    public const string LocalConfiguration = "local-configuration.schema.json";

    private static readonly Lazy<Dictionary<string, JsonSchema>> _schemas = new(Build);

    public static string SchemaDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "schemas");

    /// <summary>Every schema file, as a path relative to the schemas folder with '/' separators.</summary>
    public static IReadOnlyList<string> SchemaFiles { get; } = Directory
        .GetFiles(SchemaDirectory, "*.schema.json", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(SchemaDirectory, f).Replace('\\', '/'))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static string ReadText(string relativePath) =>
        File.ReadAllText(Path.Combine(SchemaDirectory, relativePath));

    public static JsonDocument ReadDocument(string relativePath) => JsonDocument.Parse(ReadText(relativePath));

    public static EvaluationResults Evaluate(string schemaFile, JsonElement instance) =>
        _schemas.Value[schemaFile].Evaluate(instance, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });

    public static EvaluationResults Evaluate(string schemaFile, string json)
    {
        using var document = JsonDocument.Parse(json);
        return Evaluate(schemaFile, document.RootElement.Clone());
    }

    /// <summary>The errors of a result, one per line, for assertion messages.</summary>
    public static string Describe(EvaluationResults results) => string.Join(
        Environment.NewLine,
        (results.Details ?? []).Prepend(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}) {e.Key}: {e.Value}")));

    /// <summary>Forces every schema to be built, so that a broken reference surfaces as an exception.</summary>
    public static int BuildAll() => _schemas.Value.Count;

    private static int BuildRank(string file) => file switch
    {
        "definitions.schema.json" => 0,
        "event.schema.json" => 1,
        _ when file.StartsWith("events/", StringComparison.Ordinal) => 2,
        _ => 3,
    };

    private static Dictionary<string, JsonSchema> Build()
    {
        // A registry of our own that refuses to fetch: a reference to anything but the files beside
        // the tests fails the build of the schema that makes it. Referenced files are built first.
        var registry = new SchemaRegistry
        {
            Fetch = (uri, _) => throw new InvalidOperationException($"The schemas refer to {uri}, which is not part of the project."),
        };
        var options = new BuildOptions { SchemaRegistry = registry };
        return SchemaFiles
            .OrderBy(BuildRank)
            .ThenBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => f, f => JsonSchema.FromText(ReadText(f), options), StringComparer.Ordinal);
    }
}
