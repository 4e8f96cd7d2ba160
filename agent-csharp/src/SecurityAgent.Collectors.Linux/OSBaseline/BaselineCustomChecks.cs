namespace SecurityAgent.Collectors.Linux.OSBaseline;

/// <summary>
/// The twin's custom-check settings (baselineCustomChecksEnabled, baselineCustomChecksFilePath,
/// baselineCustomChecksFileHash) as the host hands them to <see cref="OSBaselineCollector"/>.
/// </summary>
/// <param name="Enabled">Whether custom checks are run.</param>
/// <param name="FilePath">The checks file (the same format as the built-in checks), an absolute path on the device.</param>
/// <param name="FileHash">The SHA-256 of the file in hexadecimal; the file is used only when it matches.</param>
public sealed record BaselineCustomChecks(bool Enabled, string FilePath, string FileHash);
