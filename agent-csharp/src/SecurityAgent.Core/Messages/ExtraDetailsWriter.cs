using System.Buffers;
using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Messages;

/// <summary>
/// Writes an ExtraDetails object: keys in ordinal order of their final UTF-8 bytes; when two keys
/// become equal after repair and truncation, the one the dictionary enumerates first is kept.
/// </summary>
internal static class ExtraDetailsWriter
{
    private static readonly SearchValues<char> NotPlainAscii = SearchValues.Create(BuildNotPlain());

    public static void Write(CanonicalJsonWriter writer, IReadOnlyDictionary<string, string> details)
    {
        writer.PropertyName("ExtraDetails"u8);
        writer.StartObject();
        var count = details.Count;
        var keys = new string[count];
        var plain = true;
        var i = 0;
        foreach (var key in details.Keys)
        {
            keys[i++] = key;
            plain &= key.Length <= CanonicalJsonWriter.TextLimit && key.AsSpan().IndexOfAny(NotPlainAscii) < 0;
        }

        if (plain)
        {
            // Plain ASCII: UTF-16 ordinal order is the byte order, and nothing is truncated.
            Array.Sort(keys, StringComparer.Ordinal);
            foreach (var key in keys)
            {
                writer.PropertyName(key);
                writer.String(details[key]);
            }
        }
        else
        {
            var encoded = new byte[count][];
            for (var k = 0; k < count; k++)
            {
                encoded[k] = CanonicalJsonWriter.ToFinalUtf8(keys[k], CanonicalJsonWriter.TextLimit);
            }

            var order = new int[count];
            for (var k = 0; k < count; k++)
            {
                order[k] = k;
            }

            Array.Sort(order, (a, b) =>
            {
                var c = encoded[a].AsSpan().SequenceCompareTo(encoded[b]);
                return c != 0 ? c : a.CompareTo(b);
            });
            byte[]? previous = null;
            foreach (var k in order)
            {
                if (previous is not null && previous.AsSpan().SequenceEqual(encoded[k]))
                {
                    continue;
                }

                previous = encoded[k];
                writer.PropertyNameUtf8(encoded[k]);
                writer.String(details[keys[k]]);
            }
        }

        writer.EndObject();
    }

    private static string BuildNotPlain()
    {
        var chars = new List<char>();
        for (var c = 0; c < 0x20; c++)
        {
            chars.Add((char)c);
        }

        chars.Add('"');
        chars.Add('\\');
        for (var c = 0x80; c <= 0xFFFF; c++)
        {
            chars.Add((char)c);
        }

        return new string([.. chars]);
    }
}
