using System.Text.Json.Nodes;

namespace SecurityAgent.IotHub.Client;

/// <summary>Desired properties arrived: the full section after a twin GET, or a patch pushed by the hub.</summary>
/// <param name="desired">The full desired section or the patch (members set to <see langword="null"/> are deletions).</param>
/// <param name="version">The desired <c>$version</c> this brings the client to.</param>
/// <param name="isFullDocument"><see langword="true"/> for the whole section (after a connect or a resynchronisation), <see langword="false"/> for a patch.</param>
public sealed class DesiredPropertiesChangedEventArgs(JsonObject desired, long version, bool isFullDocument) : EventArgs
{
    /// <summary>Gets the desired section or patch, without <c>$version</c>.</summary>
    public JsonObject Desired { get; } = desired;

    /// <summary>Gets the desired version.</summary>
    public long Version { get; } = version;

    /// <summary>Gets a value indicating whether <see cref="Desired"/> is the whole desired section rather than a patch.</summary>
    public bool IsFullDocument { get; } = isFullDocument;
}
