namespace SecurityAgent.Collectors.Linux.Tests;

/// <summary>The shared fixture trees (fixtures/linux in the repository), copied next to the tests.</summary>
public static class Fixtures
{
    public static string Root => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "linux");

    /// <summary>The path of <c>fixtures/linux/&lt;parts&gt;</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>A scratch directory removed at dispose.</summary>
    public static ScratchDirectory Scratch() => new();
}

public sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        FullPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sa-linux-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    public string Write(string relative, string content)
    {
        var path = System.IO.Path.Combine(FullPath, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(FullPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
