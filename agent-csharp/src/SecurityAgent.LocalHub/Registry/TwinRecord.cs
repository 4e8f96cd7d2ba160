using System.Text.Json.Nodes;

namespace SecurityAgent.LocalHub.Registry;

/// <summary>A twin as stored: tags, desired and reported sections with their versions and per-member metadata.</summary>
internal sealed class TwinRecord
{
    public JsonObject Tags { get; set; } = [];

    public JsonObject Desired { get; set; } = [];

    public JsonObject DesiredMetadata { get; set; } = [];

    public long DesiredVersion { get; set; } = 1;

    public JsonObject Reported { get; set; } = [];

    public JsonObject ReportedMetadata { get; set; } = [];

    public long ReportedVersion { get; set; } = 1;

    public long Version { get; set; } = 1;
}
