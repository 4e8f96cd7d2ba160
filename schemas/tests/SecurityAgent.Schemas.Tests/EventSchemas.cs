using System.Text.Json;

namespace SecurityAgent.Schemas.Tests;

/// <summary>Reads the per-event schemas: their names, fixed members and payload member order.</summary>
internal static class EventSchemas
{
    /// <summary>The event names the event base accepts, in its order.</summary>
    public static IReadOnlyList<string> Names { get; } = ReadNames();

    public static string FileOf(string name) => $"events/{name}.schema.json";

    /// <summary>The values a per-event schema allows for one event member (its const or enum).</summary>
    public static IReadOnlyList<string> AllowedValues(string name, string member)
    {
        using var schema = SchemaCatalog.ReadDocument(FileOf(name));
        var property = schema.RootElement.GetProperty("properties").GetProperty(member);
        return property.TryGetProperty("const", out var single)
            ? [single.GetString()!]
            : property.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    /// <summary>The payload item members of an event, in canonical (schema) order.</summary>
    public static IReadOnlyList<string> PayloadMembers(string name)
    {
        using var schema = SchemaCatalog.ReadDocument(FileOf(name));
        return schema.RootElement.GetProperty("properties").GetProperty("Payload").GetProperty("items")
            .GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray();
    }

    /// <summary>The members of the top-level "properties" of a schema, in order.</summary>
    public static IReadOnlyList<string> TopLevelMembers(string schemaFile)
    {
        using var schema = SchemaCatalog.ReadDocument(schemaFile);
        return schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray();
    }

    private static string[] ReadNames()
    {
        using var schema = SchemaCatalog.ReadDocument("event.schema.json");
        return schema.RootElement.GetProperty("properties").GetProperty("Name").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).ToArray();
    }
}
