namespace SecurityAgent.Storage;

/// <summary>
/// Folders and files only the agent's user may read: the outbox, keys, the cached twin. On
/// Windows the folder's inherited ACL applies instead of a mode.
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (mode 0700) when missing; returns its full path.</summary>
    public static string CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        return Path.GetFullPath(path);
    }

    /// <summary>Options that create a new file with mode 0600.</summary>
    public static FileStreamOptions NewFile(FileMode mode) =>
        OperatingSystem.IsWindows()
            ? new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None }
            : new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = OwnerOnlyFile };

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> at once: a temporary file (0600), then a rename.</summary>
    /// <exception cref="IOException">The disk refused it; the old file, if any, is untouched.</exception>
    public static void WriteText(string path, string text)
    {
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, NewFile(FileMode.Create)))
            writer.Write(text);
        File.Move(temporary, path, overwrite: true);
    }
}
