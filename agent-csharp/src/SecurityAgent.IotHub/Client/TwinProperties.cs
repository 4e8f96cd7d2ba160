using System.Text.Json.Nodes;

namespace SecurityAgent.IotHub.Client;

/// <summary>The properties of a twin as a device or module sees them after a GET.</summary>
/// <param name="desired">The desired section, without <c>$version</c>.</param>
/// <param name="desiredVersion">The desired <c>$version</c>.</param>
/// <param name="reported">The reported section, without <c>$version</c>.</param>
/// <param name="reportedVersion">The reported <c>$version</c>.</param>
public sealed class TwinProperties(JsonObject desired, long desiredVersion, JsonObject reported, long reportedVersion)
{
    /// <summary>Gets the desired properties.</summary>
    public JsonObject Desired { get; } = desired;

    /// <summary>Gets the desired version.</summary>
    public long DesiredVersion { get; } = desiredVersion;

    /// <summary>Gets the reported properties.</summary>
    public JsonObject Reported { get; } = reported;

    /// <summary>Gets the reported version.</summary>
    public long ReportedVersion { get; } = reportedVersion;

    /// <summary>Parses the body of a twin GET response.</summary>
    /// <param name="body">The UTF-8 JSON body.</param>
    /// <returns>The properties.</returns>
    /// <exception cref="FormatException">The body is not a twin properties document.</exception>
    public static TwinProperties Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var root = JsonNode.Parse(body)?.AsObject() ?? throw new FormatException("Twin document is null.");
            var desired = root["desired"]?.AsObject().DeepClone().AsObject() ?? [];
            var reported = root["reported"]?.AsObject().DeepClone().AsObject() ?? [];
            var desiredVersion = TakeVersion(desired);
            var reportedVersion = TakeVersion(reported);
            return new TwinProperties(desired, desiredVersion, reported, reportedVersion);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new FormatException("Twin document is not valid JSON of the expected shape.", ex);
        }
    }

    internal static long TakeVersion(JsonObject section)
    {
        var version = section["$version"]?.GetValue<long>() ?? 0;
        section.Remove("$version");
        section.Remove("$metadata");
        return version;
    }
}
