using System.Text.Json;
using Json.Schema;

namespace SecurityAgent.Conformance.Tests.Running;

/// <summary>The project's message schemas (copied next to the tests), in a registry that never fetches.</summary>
internal static class MessageSchemas
{
    private static readonly Lazy<JsonSchema> _message = new(Build);

    /// <summary>Null when the body validates against schemas/message.schema.json, else the errors.</summary>
    public static string? Errors(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var result = _message.Value.Evaluate(document.RootElement, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (result.IsValid)
        {
            return null;
        }

        return string.Join(
            Environment.NewLine,
            (result.Details ?? []).Prepend(result)
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}) {e.Key}: {e.Value}")));
    }

    private static JsonSchema Build()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "schemas");
        var registry = new SchemaRegistry
        {
            Fetch = (uri, _) => throw new InvalidOperationException($"The schemas refer to {uri}, which is not part of the project."),
        };
        var options = new BuildOptions { SchemaRegistry = registry };
        var files = Directory.GetFiles(directory, "*.schema.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .OrderBy(Rank)
            .ThenBy(f => f, StringComparer.Ordinal)
            .ToArray();
        JsonSchema? message = null;
        foreach (var file in files)
        {
            var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(directory, file)), options);
            if (file == "message.schema.json")
            {
                message = schema;
            }
        }

        return message ?? throw new InvalidOperationException("schemas/message.schema.json is missing.");
    }

    private static int Rank(string file) => file switch
    {
        "definitions.schema.json" => 0,
        "event.schema.json" => 1,
        _ when file.StartsWith("events/", StringComparison.Ordinal) => 2,
        _ => 3,
    };
}
