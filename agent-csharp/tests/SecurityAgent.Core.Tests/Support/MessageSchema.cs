using System.Text.Json;
using Json.Schema;

namespace SecurityAgent.Core.Tests.Support;

/// <summary>The project's message and twin schemas, loaded from the test output into a registry that never fetches.</summary>
internal static class MessageSchema
{
    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(Load);

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "schemas");

    /// <summary>Validates a message body; returns null when valid, else the errors.</summary>
    public static string? ValidateMessage(ReadOnlySpan<byte> body) => Validate("message.schema.json", body);

    /// <summary>Validates against any schema file of the folder.</summary>
    public static string? Validate(string schemaFile, ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var results = Schemas.Value[schemaFile].Evaluate(document.RootElement, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (results.IsValid)
        {
            return null;
        }

        return string.Join(Environment.NewLine, (results.Details ?? []).Prepend(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {d.EvaluationPath} {e.Key}: {e.Value}")));
    }

    private static Dictionary<string, JsonSchema> Load()
    {
        var registry = new SchemaRegistry
        {
            Fetch = (uri, _) => throw new InvalidOperationException($"Unknown schema {uri}."),
        };
        var options = new BuildOptions { SchemaRegistry = registry };
        // Referenced schemas first: definitions, the event base, the events, then the roots.
        var files = Directory.GetFiles(Folder, "*.schema.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/'))
            .OrderBy(f => f switch
            {
                "definitions.schema.json" => 0,
                "event.schema.json" => 1,
                _ when f.StartsWith("events/", StringComparison.Ordinal) => 2,
                _ => 3,
            })
            .ThenBy(f => f, StringComparer.Ordinal);
        var result = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            result[file] = JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, file)), options);
        }

        return result;
    }
}
