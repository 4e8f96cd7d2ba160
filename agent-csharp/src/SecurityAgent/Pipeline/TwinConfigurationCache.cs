using SecurityAgent.Storage;

namespace SecurityAgent.Pipeline;

/// <summary>
/// The last twin configuration the agent accepted, kept on disk beside the outbox records, so an
/// agent that starts while the hub is unreachable runs on the operator's configuration rather
/// than on the defaults. Written to a temporary file and renamed, readable by the agent alone.
/// </summary>
internal sealed class TwinConfigurationCache(string directory)
{
    public const string FileName = "twin-configuration.json";

    private string Path => System.IO.Path.Combine(directory, FileName);

    /// <summary>The cached configuration object, or null when there is none or it cannot be read.</summary>
    public string? Load()
    {
        try
        {
            return File.Exists(Path) ? File.ReadAllText(Path) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Keeps <paramref name="configuration"/>; false when the disk refused it (the agent runs on).</summary>
    public bool Save(string configuration)
    {
        try
        {
            PrivateFiles.WriteText(Path, configuration);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
