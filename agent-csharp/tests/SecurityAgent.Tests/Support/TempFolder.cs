namespace SecurityAgent.Tests.Support;

/// <summary>A fresh folder under the system temp folder, removed when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "security-agent-test-") =>
        Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>The outbox records in <paramref name="directory"/> (default: this folder), in file-name order.</summary>
    public string[] Records(string? directory = null) =>
        [.. Directory.GetFiles(directory ?? Path, "*.msg").OrderBy(f => f, StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
