using System.Text;
using System.Text.Json.Nodes;

namespace SecurityAgent.LocalHub.Registry;

/// <summary>Twin patch semantics: members merge, <see langword="null"/> deletes, and every written node gets <c>$lastUpdated</c> metadata.</summary>
internal static class TwinMerge
{
    public const int MaxDepth = 10;

    /// <summary>Checks a patch against IoT Hub's key and depth rules; returns an error text or <see langword="null"/>.</summary>
    public static string? Check(JsonObject patch, int depth = 1)
    {
        if (depth > MaxDepth)
        {
            return $"twin document is deeper than {MaxDepth} levels";
        }

        foreach (var (key, value) in patch)
        {
            if (key.Length == 0 || Encoding.UTF8.GetByteCount(key) > 1024 || key.AsSpan().IndexOfAny(". $") >= 0 || key.Any(char.IsControl))
            {
                return $"invalid property name '{key}'";
            }

            if (value is JsonObject child && Check(child, depth + 1) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    public static void Apply(JsonObject target, JsonObject metadata, JsonObject patch, string now, long? version)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
                metadata.Remove(key);
            }
            else if (value is JsonObject child)
            {
                if (target[key] is not JsonObject existing)
                {
                    existing = [];
                    target[key] = existing;
                }

                if (metadata[key] is not JsonObject childMetadata)
                {
                    childMetadata = [];
                    metadata[key] = childMetadata;
                }

                Apply(existing, childMetadata, child, now, version);
            }
            else
            {
                target[key] = value.DeepClone();
                metadata[key] = Stamp(now, version);
            }
        }

        metadata["$lastUpdated"] = now;
        if (version is not null)
        {
            metadata["$lastUpdatedVersion"] = version.Value;
        }
    }

    private static JsonObject Stamp(string now, long? version)
    {
        var stamp = new JsonObject { ["$lastUpdated"] = now };
        if (version is not null)
        {
            stamp["$lastUpdatedVersion"] = version.Value;
        }

        return stamp;
    }
}
