using System.Text.Json.Nodes;

namespace SecurityAgent.Schemas.Tests;

/// <summary>The default twin and the sample local configuration, and edits of them for tests.</summary>
internal static class ConfigurationFiles
{
    public const string TwinDefault = "defaults/twin-configuration.default.json";
    public const string LocalSample = "defaults/local-configuration.sample.json";

    public static JsonObject Read(string relativePath) =>
        JsonNode.Parse(SchemaCatalog.ReadText(relativePath))!.AsObject();

    /// <summary>Sets (or, for a null JSON text, removes) the member at a dotted path and returns the edited object.</summary>
    public static JsonObject With(this JsonObject root, string path, string? json)
    {
        var segments = path.Split('.');
        var parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = parent[segment]!.AsObject();
        }

        if (json is null)
        {
            parent.Remove(segments[^1]);
        }
        else
        {
            parent[segments[^1]] = JsonNode.Parse(json);
        }

        return root;
    }
}
