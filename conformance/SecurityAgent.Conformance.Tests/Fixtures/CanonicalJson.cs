using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SecurityAgent.Conformance.Tests.Fixtures;

/// <summary>
/// Writes a JSON value from a fixture as canonical bytes (schemas/CANONICAL.md): members in the
/// order written, no whitespace, strings escaped only where the contract says, integers as
/// written. An object {"$text": spec} stands for the string the text spec makes, so that long or
/// exact strings can be written legibly. Canonical form is unique for a value, so a fixture can
/// write a string as "é" or "\u00e9" and mean the same bytes.
/// </summary>
internal static partial class CanonicalJson
{
    public static byte[] Write(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The canonical form of a string value, with its quotes.</summary>
    public static byte[] String(ReadOnlySpan<byte> utf8)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteString(utf8, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(JsonElement value, ArrayBufferWriter<byte> output)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when TextSpec.IsSpec(value):
                WriteString(TextSpec.Bytes(value.GetProperty(TextSpec.Marker)), output);
                break;
            case JsonValueKind.Object:
                output.Write("{"u8);
                var first = true;
                foreach (var member in value.EnumerateObject())
                {
                    if (!first)
                    {
                        output.Write(","u8);
                    }

                    first = false;
                    WriteString(Encoding.UTF8.GetBytes(member.Name), output);
                    output.Write(":"u8);
                    Write(member.Value, output);
                }

                output.Write("}"u8);
                break;
            case JsonValueKind.Array:
                output.Write("["u8);
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (index++ > 0)
                    {
                        output.Write(","u8);
                    }

                    Write(item, output);
                }

                output.Write("]"u8);
                break;
            case JsonValueKind.String:
                WriteString(Encoding.UTF8.GetBytes(value.GetString()!), output);
                break;
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                if (!IntegerPattern().IsMatch(raw))
                {
                    throw new FormatException($"Canonical numbers are plain integers; '{raw}' is not.");
                }

                output.Write(Encoding.ASCII.GetBytes(raw));
                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            default:
                throw new FormatException("Canonical JSON has no null: absent values are omitted.");
        }
    }

    private static void WriteString(ReadOnlySpan<byte> utf8, ArrayBufferWriter<byte> output)
    {
        output.Write("\""u8);
        foreach (var b in utf8)
        {
            ReadOnlySpan<byte> escaped = b switch
            {
                (byte)'"' => "\\\""u8,
                (byte)'\\' => "\\\\"u8,
                0x08 => "\\b"u8,
                0x09 => "\\t"u8,
                0x0a => "\\n"u8,
                0x0c => "\\f"u8,
                0x0d => "\\r"u8,
                < 0x20 => Encoding.ASCII.GetBytes($"\\u{b:x4}"),
                _ => [b],
            };
            output.Write(escaped);
        }

        output.Write("\""u8);
    }

    [GeneratedRegex("^-?(0|[1-9][0-9]*)$")]
    private static partial Regex IntegerPattern();
}
