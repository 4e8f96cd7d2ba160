using System.Reflection;
using System.Text.Json;
using Json.Schema;

namespace SecurityAgent.Configuration;

/// <summary>
/// The local configuration schema, shipped inside the program (embedded from <c>schemas/</c>), so
/// a file is checked against exactly the contract this build was made with.
/// </summary>
internal static class LocalConfigurationSchema
{
    private static readonly Lazy<JsonSchema> _schema = new(Build);

    /// <summary>Checks a parsed file; every problem names its field and how to fix it.</summary>
    public static IReadOnlyList<ConfigurationProblem> Validate(JsonElement document)
    {
        var results = _schema.Value.Evaluate(document, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (results.IsValid)
            return [];

        var problems = new List<ConfigurationProblem>();
        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            if (detail.Errors is null)
                continue;
            foreach (var (keyword, message) in detail.Errors)
            {
                if (keyword is "oneOf" or "anyOf" or "allOf" or "$ref" or "if" or "then" or "else" or "properties")
                    continue;
                var problem = new ConfigurationProblem(FieldName(detail.InstanceLocation.ToString()), Explain(keyword, message));
                if (!problems.Contains(problem))
                    problems.Add(problem);
            }
        }
        return problems.Count > 0 ? problems : [new ConfigurationProblem("(file)", "does not match the local configuration schema")];
    }

    /// <summary>"/identity/authentication/keyFile" becomes "identity.authentication.keyFile".</summary>
    internal static string FieldName(string pointer) =>
        pointer is "" or "/" or "#" ? "(file)" : pointer.TrimStart('#', '/').Replace('/', '.');

    private static string Explain(string keyword, string message) => keyword switch
    {
        "additionalProperties" => "unknown setting: remove it or correct its name. Credentials are never written in this file; give the path of a file that holds them.",
        "not" => $"{message}: give the absolute path of a file that holds the secret, never the secret itself.",
        "pattern" => $"has the wrong form ({message}).",
        _ => message,
    };

    private static JsonSchema Build()
    {
        // Fetching anything from outside the program is refused: the contract travels with it.
        var registry = new SchemaRegistry
        {
            Fetch = (uri, _) => throw new InvalidOperationException($"The local configuration schema refers to {uri}, which is not part of the program."),
        };
        var options = new BuildOptions { SchemaRegistry = registry };
        JsonSchema.FromText(ReadResource("definitions.schema.json"), options);
        return JsonSchema.FromText(ReadResource("local-configuration.schema.json"), options);
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("schemas/" + name)
            ?? throw new InvalidOperationException($"The program was built without its schema {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
