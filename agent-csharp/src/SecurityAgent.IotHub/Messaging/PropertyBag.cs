using System.Text;

namespace SecurityAgent.IotHub.Messaging;

/// <summary>
/// The property bag IoT Hub carries at the end of MQTT topics: <c>k1=v1&amp;k2=v2</c>, keys and
/// values URL-encoded (so system properties start with <c>%24.</c>). Stateless and thread-safe.
/// </summary>
public static class PropertyBag
{
    /// <summary>Encodes properties into a bag, in the order given.</summary>
    /// <param name="properties">The properties, keys unencoded (for example <c>$.mid</c>).</param>
    /// <returns>The encoded bag, without a leading or trailing separator.</returns>
    public static string Encode(IEnumerable<KeyValuePair<string, string?>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var builder = new StringBuilder();
        foreach (var (key, value) in properties)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(Uri.EscapeDataString(key));
            if (value is not null)
            {
                builder.Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes a bag. Tolerates a trailing <c>/</c>, empty segments and keys without values (value <see langword="null"/>).</summary>
    /// <param name="bag">The bag text as found in the topic.</param>
    /// <returns>The properties in order; a key repeated keeps its last value.</returns>
    public static IReadOnlyList<KeyValuePair<string, string?>> Decode(string bag)
    {
        ArgumentNullException.ThrowIfNull(bag);
        var result = new List<KeyValuePair<string, string?>>();
        foreach (var part in bag.TrimEnd('/').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? null : Uri.UnescapeDataString(part[(equals + 1)..].Replace('+', ' '));
            result.RemoveAll(p => p.Key == key);
            result.Add(new KeyValuePair<string, string?>(key, value));
        }

        return result;
    }
}
