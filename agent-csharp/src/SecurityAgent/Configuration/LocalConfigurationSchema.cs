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

    /// <summary>Checks a parsed file; every problem names its field and how to fix it.</summary>
    public static IReadOnlyList<ConfigurationProblem> Validate(JsonElement document)
    {
        // Built for each check and then dropped: a configuration is read once or twice a run,
        // and the schema's objects need not stay in memory for the agent's lifetime.
        var results = Build().Evaluate(document, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (results.IsValid)
            return [];

        var errors = new List<SchemaError>();
        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                if (keyword is not ("oneOf" or "anyOf" or "allOf" or "$ref" or "if" or "then" or "else" or "properties")
                    && !InsideConditionOrNegation(detail.EvaluationPath.ToString()))
                    errors.Add(new SchemaError(detail.InstanceLocation.ToString(), detail.EvaluationPath.ToString(), keyword, message));
            }
        }

        var problems = new List<ConfigurationProblem>();
        foreach (var error in WithoutMismatchedBranches(errors))
        {
            var field = FieldName(error.Location);
            var problem = new ConfigurationProblem(field, field.EndsWith("File", StringComparison.Ordinal) && error.Keyword is "pattern" or "not"
                ? "must be the absolute path of a file that holds it, never the secret or certificate itself."
                : Explain(error.Keyword, error.Message));
            if (!problems.Contains(problem))
                problems.Add(problem);
        }
        return problems.Count > 0 ? problems : [new ConfigurationProblem("(file)", "does not match the local configuration schema")];
    }

    /// <summary>
    /// A oneOf branch whose discriminator (<c>method</c>, <c>type</c>: a const) does not match is not
    /// what the author meant: its errors are noise. When every branch mismatches, the discriminator
    /// itself is the problem, and one line lists the values allowed.
    /// </summary>
    private static List<SchemaError> WithoutMismatchedBranches(List<SchemaError> errors)
    {
        var mismatched = errors.Where(e => e.Keyword == "const").Select(e => BranchOf(e.EvaluationPath)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var kept = errors.Where(e => BranchOf(e.EvaluationPath) is not { } branch || !mismatched.Contains(branch)).ToList();
        foreach (var group in errors.Where(e => e.Keyword == "const").GroupBy(e => OneOfOf(e.EvaluationPath), StringComparer.Ordinal))
        {
            var branches = errors.Where(e => OneOfOf(e.EvaluationPath) == group.Key).Select(e => BranchOf(e.EvaluationPath)).Distinct().ToList();
            if (branches.All(b => b is not null && mismatched.Contains(b)))
            {
                var allowed = string.Join(", ", group.Select(e => e.Message.Replace("Expected ", "", StringComparison.Ordinal)).Distinct());
                kept.Add(new SchemaError(group.First().Location, group.Key ?? "", "enum", $"must be one of {allowed}"));
            }
        }
        return kept;
    }

    /// <summary>
    /// Failures inside an <c>if</c> (a condition not met) or a <c>not</c> (what must not match did
    /// not) are not errors; a failing <c>not</c> reports on its own.
    /// </summary>
    private static bool InsideConditionOrNegation(string evaluationPath) =>
        evaluationPath.Split('/').Any(segment => segment is "if" or "not");

    /// <summary>"…/oneOf/2/$ref/properties/method/const" → "…/oneOf/2"; null outside any oneOf.</summary>
    private static string? BranchOf(string evaluationPath)
    {
        var at = evaluationPath.LastIndexOf("/oneOf/", StringComparison.Ordinal);
        if (at < 0)
            return null;
        var end = evaluationPath.IndexOf('/', at + "/oneOf/".Length);
        return end < 0 ? evaluationPath : evaluationPath[..end];
    }

    private static string? OneOfOf(string evaluationPath) =>
        BranchOf(evaluationPath) is { } branch ? branch[..branch.LastIndexOf('/')] : null;

    private sealed record SchemaError(string Location, string EvaluationPath, string Keyword, string Message);

    /// <summary>"/identity/authentication/keyFile" becomes "identity.authentication.keyFile".</summary>
    internal static string FieldName(string pointer) =>
        pointer is "" or "/" or "#" ? "(file)" : pointer.TrimStart('#', '/').Replace('/', '.');

    private static string Explain(string keyword, string message) => keyword switch
    {
        "additionalProperties" => "unknown setting: remove it or correct its name. Credentials are never written in this file; give the path of a file that holds them.",
        "not" => $"{message}: give the absolute path of a file that holds the secret, never the secret itself.",
        "pattern" => "has the wrong form: see the field's description in local-configuration.schema.json.",
        "" or "false" => "unknown setting: remove it or correct its name.",
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
