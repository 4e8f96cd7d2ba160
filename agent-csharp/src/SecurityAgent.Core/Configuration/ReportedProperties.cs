using System.Globalization;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Configuration;

/// <summary>The reported-properties document of a configuration (docs/core-rules.md §9).</summary>
internal static class ReportedProperties
{
    /// <summary>Canonical JSON: every key as <c>{"value": ...}</c>, in the key table's order.</summary>
    public static byte[] Write(AgentConfiguration configuration)
    {
        var w = new CanonicalJsonWriter(4096);
        w.StartObject();
        for (var i = 0; i < ConfigurationKeys.All.Length; i++)
        {
            var key = ConfigurationKeys.All[i];
            w.PropertyName(key.Name);
            w.StartObject();
            w.PropertyName("value"u8);
            switch (key.Kind)
            {
                case KeyKind.Boolean:
                    w.Boolean(configuration.Number(i) != 0);
                    break;
                case KeyKind.Integer:
                    w.Number(configuration.Number(i));
                    break;
                default:
                    w.String(ValueText(configuration, i), int.MaxValue);
                    break;
            }

            w.EndObject();
        }

        w.EndObject();
        return w.ToArray();
    }

    /// <summary>The value of a key as text (UsedConfiguration): unquoted, as reported.</summary>
    public static string ValueText(AgentConfiguration configuration, int key) => ConfigurationKeys.All[key].Kind switch
    {
        KeyKind.Duration => IsoDuration.Format(configuration.Number(key)),
        KeyKind.Priority => ConfigurationParser.PriorityName((EventPriority)configuration.Number(key)),
        KeyKind.Severity => ConfigurationParser.SeverityName((DiagnosticSeverity)configuration.Number(key)),
        KeyKind.Boolean => configuration.Number(key) != 0 ? "true" : "false",
        KeyKind.Integer => configuration.Number(key).ToString(CultureInfo.InvariantCulture),
        _ => configuration.Text(key),
    };
}
