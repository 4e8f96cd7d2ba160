using System.Globalization;
using System.Text.Json;
using SecurityAgent.Core.Events;
using K = SecurityAgent.Core.Configuration.ConfigurationKeys;

namespace SecurityAgent.Core.Configuration;

/// <summary>
/// Parses the desired twin configuration object: <c>{"value": ...}</c> wrappers, defaults for
/// missing or null keys, types and ranges of the twin schema. A bad update is rejected whole
/// (TypeMismatch); an accepted one is checked for NotOptimal and Conflict (docs/core-rules.md §8).
/// </summary>
internal static class ConfigurationParser
{
    public const string WrapperMessage = "Expected an object {\"value\": ...} with no other member.";
    public const string DurationMessage = "Expected an ISO 8601 duration such as PT7M: weeks, days, hours, minutes and seconds, not zero, at most 6 digits each.";
    public const string PriorityMessage = "Expected High, Low or Off.";
    public const string BooleanMessage = "Expected true or false.";
    public const string TextMessage = "Expected a string of at most 1024 characters.";
    public const string HashMessage = "Expected a SHA-256 as 64 hexadecimal digits, or an empty string.";
    public const string SeverityMessage = "Expected Debug, Information, Warning, Error or Fatal.";
    public const string CustomChecksMessage = "Custom baseline checks need baselineCustomChecksFilePath and baselineCustomChecksFileHash.";
    public const string NotObjectMessage = "The configuration is not a JSON object.";
    public const string NotOptimalMessage = "maxMessageSizeInBytes is not a multiple of 4096; IoT Hub meters messages in 4 KB blocks.";
    public const string MessageOverCacheMessage = "maxMessageSizeInBytes is larger than maxLocalCacheSizeInBytes.";
    public const string HighOverLowMessage = "highPriorityMessageFrequency is longer than lowPriorityMessageFrequency.";

    private static readonly string[] SeverityNames = ["Debug", "Information", "Warning", "Error", "Fatal"];
    private static readonly string[] PriorityNames = ["High", "Low", "Off"];
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    public static ConfigurationParseResult Parse(string json, AgentConfiguration current)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return NotAnObject();
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return NotAnObject();
            }

            return Parse(document.RootElement, current);
        }
    }

    private static ConfigurationParseResult NotAnObject() =>
        new(null, [Error("TwinConfiguration", ConfigurationErrorType.TypeMismatch, string.Empty, NotObjectMessage)]);

    private static ConfigurationParseResult Parse(JsonElement root, AgentConfiguration current)
    {
        var keys = K.All;
        var numbers = new long[keys.Length];
        var texts = new string[keys.Length];
        var errors = new List<ConfigurationErrorPayload>();
        for (var i = 0; i < keys.Length; i++)
        {
            numbers[i] = keys[i].DefaultNumber;
            texts[i] = string.Empty;
            if (!root.TryGetProperty(keys[i].Name, out var wrapper) || wrapper.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var message = ParseWrapper(keys[i], wrapper, ref numbers[i], ref texts[i]);
            if (message is not null)
            {
                errors.Add(Error(keys[i].Name, ConfigurationErrorType.TypeMismatch, ReportedProperties.ValueText(current, i), message));
            }
        }

        if (errors.Count == 0 && numbers[K.BaselineCustomChecksEnabled] != 0
            && (texts[K.BaselineCustomChecksFilePath].Length == 0 || texts[K.BaselineCustomChecksFileHash].Length == 0))
        {
            errors.Add(Error(keys[K.BaselineCustomChecksEnabled].Name, ConfigurationErrorType.TypeMismatch,
                ReportedProperties.ValueText(current, K.BaselineCustomChecksEnabled), CustomChecksMessage));
        }

        if (errors.Count > 0)
        {
            return new ConfigurationParseResult(null, errors);
        }

        var accepted = new AgentConfiguration(numbers, texts);
        if (accepted.MaxMessageSizeInBytes % 4096 != 0)
        {
            errors.Add(Error(keys[K.MaxMessageSizeInBytes].Name, ConfigurationErrorType.NotOptimal,
                ReportedProperties.ValueText(accepted, K.MaxMessageSizeInBytes), NotOptimalMessage));
        }

        if (accepted.MaxMessageSizeInBytes > accepted.MaxLocalCacheSizeInBytes)
        {
            errors.Add(Error(keys[K.MaxMessageSizeInBytes].Name, ConfigurationErrorType.Conflict,
                ReportedProperties.ValueText(accepted, K.MaxMessageSizeInBytes), MessageOverCacheMessage));
        }

        if (accepted.HighPriorityMessageFrequency > accepted.LowPriorityMessageFrequency)
        {
            errors.Add(Error(keys[K.HighPriorityMessageFrequency].Name, ConfigurationErrorType.Conflict,
                ReportedProperties.ValueText(accepted, K.HighPriorityMessageFrequency), HighOverLowMessage));
        }

        return new ConfigurationParseResult(accepted, errors);
    }

    private static string? ParseWrapper(ConfigurationKey key, JsonElement wrapper, ref long number, ref string text)
    {
        if (wrapper.ValueKind != JsonValueKind.Object)
        {
            return WrapperMessage;
        }

        JsonElement? value = null;
        foreach (var member in wrapper.EnumerateObject())
        {
            if (member.Name != "value" || value is not null)
            {
                return WrapperMessage;
            }

            value = member.Value;
        }

        if (value is not { } v)
        {
            return WrapperMessage;
        }

        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (key.Kind)
        {
            case KeyKind.Duration:
                return v.ValueKind == JsonValueKind.String && IsoDuration.TryParse(v.GetString()!, out number) ? null : DurationMessage;
            case KeyKind.Priority:
                return TryName(v, PriorityNames, out number) ? null : PriorityMessage;
            case KeyKind.Severity:
                return TryName(v, SeverityNames, out number) ? null : SeverityMessage;
            case KeyKind.Boolean:
                if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    number = v.ValueKind == JsonValueKind.True ? 1 : 0;
                    return null;
                }

                return BooleanMessage;
            case KeyKind.Integer:
                if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) && d == decimal.Truncate(d)
                    && d >= key.Minimum && d <= key.Maximum)
                {
                    number = (long)d;
                    return null;
                }

                return string.Create(CultureInfo.InvariantCulture, $"Expected an integer from {key.Minimum} to {key.Maximum}.");
            case KeyKind.Text:
                if (v.ValueKind == JsonValueKind.String && CodePoints(v.GetString()!) <= 1024)
                {
                    text = v.GetString()!;
                    return null;
                }

                return TextMessage;
            case KeyKind.Sha256:
                if (v.ValueKind == JsonValueKind.String && IsHash(v.GetString()!))
                {
                    text = v.GetString()!;
                    return null;
                }

                return HashMessage;
            default:
                throw new InvalidOperationException("Unknown key kind.");
        }
    }

    private static bool TryName(JsonElement v, string[] names, out long index)
    {
        index = 0;
        if (v.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var s = v.GetString()!;
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(s, names[i], StringComparison.OrdinalIgnoreCase))
            {
                index = i;
                return true;
            }
        }

        return false;
    }

    private static int CodePoints(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            n++;
        }

        return n;
    }

    private static bool IsHash(string s) => s.Length == 0 || (s.Length == 64 && !s.AsSpan().ContainsAnyExcept(HexDigits));

    private static ConfigurationErrorPayload Error(string name, ConfigurationErrorType type, string used, string message) => new()
    {
        ConfigurationName = name,
        ErrorType = type,
        UsedConfiguration = used,
        Message = message,
    };

    /// <summary>The wire name of a priority.</summary>
    public static string PriorityName(EventPriority p) => PriorityNames[(int)p];

    /// <summary>The wire name of a severity.</summary>
    public static string SeverityName(DiagnosticSeverity s) => SeverityNames[(int)s];
}
