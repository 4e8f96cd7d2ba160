using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.OSBaseline;

/// <summary>One check of a baseline file (see docs/collectors-linux.md for the format).</summary>
/// <param name="Id">The project's id of the check ("ssh-permit-root-login").</param>
/// <param name="Description">What the check verifies.</param>
/// <param name="CceId">The CCE id, or null where none is known.</param>
/// <param name="Severity">The severity of a failure.</param>
/// <param name="Kind">keyValue, fileContent, fileMode, absent, mountOption, noEmptyPasswords or onlyRootUid0.</param>
/// <param name="Path">The file read, relative to the root (keyValue, fileContent, fileMode, noEmptyPasswords, onlyRootUid0).</param>
/// <param name="Key">The key (keyValue).</param>
/// <param name="Default">The value when the key is not set (keyValue); null: not set fails.</param>
/// <param name="Allowed">The values that pass, compared without case (keyValue, fileContent).</param>
/// <param name="Min">The least number that passes (keyValue; durations such as 2m are read in seconds).</param>
/// <param name="Max">The greatest number that passes.</param>
/// <param name="MaxMode">The most permissive mode, octal (fileMode).</param>
/// <param name="Owner">The owner uid required (fileMode), or null.</param>
/// <param name="Paths">Paths that must not exist (absent).</param>
/// <param name="MountPoint">The mount point (mountOption).</param>
/// <param name="Options">The mount options required (mountOption).</param>
/// <param name="Missing">The result when the file or mount is missing: Pass, Fail or Err.</param>
internal sealed record BaselineCheck(
    string Id,
    string Description,
    string? CceId,
    BaselineSeverity Severity,
    string Kind,
    string? Path,
    string? Key,
    string? Default,
    IReadOnlyList<string> Allowed,
    long? Min,
    long? Max,
    int? MaxMode,
    uint? Owner,
    IReadOnlyList<string> Paths,
    string? MountPoint,
    IReadOnlyList<string> Options,
    BaselineResult Missing);
