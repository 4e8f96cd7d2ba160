namespace SecurityAgent.Configuration;

/// <summary>
/// Secrets only in files with tight permissions: a key file must exist and, on Linux, must not be
/// readable or writable by the group or by others.
/// </summary>
internal static class SecretFileCheck
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The problem with a secret file, or null when it is fine.</summary>
    public static ConfigurationProblem? Check(string field, string path)
    {
        if (!File.Exists(path))
            return new ConfigurationProblem(field, $"the file {path} does not exist: create it, or correct the path.");
        if (OperatingSystem.IsWindows())
            return null;
        var mode = File.GetUnixFileMode(path);
        return (mode & GroupOrOther) == 0
            ? null
            : new ConfigurationProblem(field, $"the secret file {path} is accessible to other users (mode {Convert.ToString((int)mode, 8)}): run 'chmod 600 {path}'.");
    }

    /// <summary>The problem with a file that must exist (a certificate, a CA file), or null.</summary>
    public static ConfigurationProblem? CheckExists(string field, string path) =>
        File.Exists(path) ? null : new ConfigurationProblem(field, $"the file {path} does not exist: create it, or correct the path.");
}
