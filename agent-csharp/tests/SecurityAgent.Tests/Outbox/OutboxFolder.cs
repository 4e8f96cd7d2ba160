namespace SecurityAgent.Tests.Outbox;

/// <summary>A fresh folder under the system temp folder, removed when disposed.</summary>
internal sealed class OutboxFolder : IDisposable
{
    public OutboxFolder() =>
        Path = Directory.CreateTempSubdirectory("outbox-test-").FullName;

    public string Path { get; }

    public string[] Records() =>
        [.. Directory.GetFiles(Path, "*.msg").OrderBy(f => f, StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
