using System.Text;
using System.Text.Json;

namespace SecurityAgent.Conformance.Tests.Fixtures;

/// <summary>
/// Text written legibly in a fixture: a plain JSON string, or {"$text": parts} where parts is a
/// string or an array of parts, each a string, {"repeat": string, "count": n} or
/// {"hex": "ff 80"} (raw bytes, possibly invalid UTF-8). The result is raw bytes.
/// </summary>
internal static class TextSpec
{
    public const string Marker = "$text";

    public static bool IsSpec(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Count() == 1 && value.TryGetProperty(Marker, out _);

    /// <summary>The bytes of a text value: a string, or an object {"$text": ...}.</summary>
    public static byte[] Read(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Encoding.UTF8.GetBytes(value.GetString()!),
        JsonValueKind.Object when IsSpec(value) => Bytes(value.GetProperty(Marker)),
        _ => throw new FormatException($"Expected text, found {value.GetRawText()}."),
    };

    public static byte[] Bytes(JsonElement parts)
    {
        using var output = new MemoryStream();
        Append(parts, output);
        return output.ToArray();
    }

    private static void Append(JsonElement part, MemoryStream output)
    {
        switch (part.ValueKind)
        {
            case JsonValueKind.String:
                output.Write(Encoding.UTF8.GetBytes(part.GetString()!));
                break;
            case JsonValueKind.Array:
                foreach (var p in part.EnumerateArray())
                {
                    Append(p, output);
                }

                break;
            case JsonValueKind.Object when part.TryGetProperty("repeat", out var repeat):
                var unit = Encoding.UTF8.GetBytes(repeat.GetString()!);
                var count = part.GetProperty("count").GetInt32();
                for (var i = 0; i < count; i++)
                {
                    output.Write(unit);
                }

                break;
            case JsonValueKind.Object when part.TryGetProperty("hex", out var hex):
                output.Write(Convert.FromHexString(hex.GetString()!.Replace(" ", string.Empty, StringComparison.Ordinal)));
                break;
            default:
                throw new FormatException($"Not a text part: {part.GetRawText()}.");
        }
    }
}
