using System.Text.Json;

namespace SecurityAgent.Schemas.Tests;

/// <summary>The message corpus: valid/*.json must validate, invalid/*.json must not (each for the reason in its name).</summary>
internal static class CorpusFiles
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "corpus");

    public static IEnumerable<string> Valid => List("valid");

    public static IEnumerable<string> Invalid => List("invalid");

    public static JsonDocument Read(string kind, string fileName) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, kind, fileName)));

    private static string[] List(string kind) => System.IO.Directory
        .GetFiles(Path.Combine(Directory, kind), "*.json")
        .Select(Path.GetFileName)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToArray();
}
