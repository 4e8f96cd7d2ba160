using System.Text;

namespace SecurityAgent.LocalHub.Storage;

/// <summary>Writes files atomically (temp file, then rename), owner-only (0600) on Unix.</summary>
internal static class SecretFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var temp = path + ".tmp";
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    public static void WriteText(string path, string content) => Write(path, Encoding.UTF8.GetBytes(content));
}
