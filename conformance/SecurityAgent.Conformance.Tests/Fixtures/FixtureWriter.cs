using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecurityAgent.Conformance.Tests.Running;
using SecurityAgent.Conformance.Tests.Scripts;

namespace SecurityAgent.Conformance.Tests.Fixtures;

/// <summary>
/// Writes a script and the outputs of one agent as a fixture file that <see cref="FixtureReader"/>
/// reads back: how the random run prints a minimal reproduction. Its expected outputs are one
/// agent's, to be reviewed against the contract before the fixture is kept.
/// </summary>
internal static class FixtureWriter
{
    private static readonly JsonSerializerOptions _options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(string description, Script script, IReadOnlyList<Output> outputs)
    {
        var root = new JsonObject
        {
            ["description"] = description,
            ["agentId"] = script.AgentId,
            ["agentVersion"] = script.AgentVersion,
            ["utcOffset"] = Offset(script.UtcOffsetMinutes),
            ["start"] = Time(script.StartMs),
        };
        if (script.InitialTwin is { } twin)
        {
            root["initialTwin"] = JsonNode.Parse(twin);
        }

        var steps = new JsonArray();
        for (var i = 0; i < script.Steps.Count; i++)
        {
            steps.Add(Step(script.Steps[i], outputs.Where(o => o.Step == i).ToArray()));
        }

        root["steps"] = steps;
        return root.ToJsonString(_options);
    }

    private static JsonObject Step(Step step, Output[] outputs) => step switch
    {
        SubmitEventStep s => new JsonObject
        {
            ["event"] = s.Event.Name,
            ["time"] = Time(s.Event.TimeMs),
            ["items"] = new JsonArray(s.Event.Items.Select(Item).ToArray<JsonNode?>()),
        },
        SubmitLogStep s => new JsonObject
        {
            ["log"] = Log(s),
        },
        TickStep s => WithMessages(new JsonObject { ["tick"] = Time(s.NowMs) }, outputs, snapshot: true),
        TwinStep s => new JsonObject
        {
            ["twinText"] = Text(s.Json),
            ["accepted"] = outputs.Any(o => o.Kind == "twin accepted"),
        },
        FlushAllStep => WithMessages(new JsonObject { ["flushAll"] = true }, outputs, snapshot: false),
        ReportedStep => new JsonObject { ["reported"] = JsonNode.Parse(outputs.Single().Bytes) },
        ConnectedStep s => new JsonObject { ["connected"] = s.Connected },
        SendFailureStep => new JsonObject { ["sendFailure"] = true },
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private static JsonObject Log(SubmitLogStep s)
    {
        var log = new JsonObject
        {
            ["severity"] = new[] { "Debug", "Information", "Warning", "Error", "Fatal" }[s.Severity],
            ["message"] = s.Message,
            ["processId"] = s.ProcessId,
            ["threadId"] = s.ThreadId,
        };
        if (s.CorrelationId is not null)
        {
            log["correlationId"] = s.CorrelationId;
        }

        return log;
    }

    private static JsonObject WithMessages(JsonObject step, Output[] outputs, bool snapshot)
    {
        if (snapshot && outputs.Any(o => o.Kind == "snapshot due"))
        {
            step["snapshotDue"] = true;
        }

        var messages = outputs.Where(o => o.IsMessage).Select(o => (JsonNode?)new JsonObject
        {
            ["priority"] = o.Kind["message ".Length..],
            ["size"] = o.Bytes.Length,
            ["body"] = JsonNode.Parse(o.Bytes),
        }).ToArray();
        if (messages.Length > 0)
        {
            step["messages"] = new JsonArray(messages);
        }

        return step;
    }

    private static JsonObject Item(RawItem item)
    {
        var o = new JsonObject();
        foreach (var f in item.Fields)
        {
            o[f.Name] = f.Text is { } t ? Text(t) : f.Integer is { } n ? JsonValue.Create(n) : JsonValue.Create(f.Boolean!.Value);
        }

        if (item.Details.Count > 0)
        {
            o["ExtraDetails"] = new JsonArray(item.Details.Select(d => (JsonNode?)new JsonArray(Text(d.Key), Text(d.Value))).ToArray());
        }

        return o;
    }

    /// <summary>Text as a JSON string when it is valid UTF-8, else as {"$text": {"hex": ...}}.</summary>
    private static JsonNode Text(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes)
        ? JsonValue.Create(Encoding.UTF8.GetString(bytes))
        : new JsonObject { [TextSpec.Marker] = new JsonObject { ["hex"] = Convert.ToHexStringLower(bytes) } };

    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Offset(int minutes) =>
        string.Create(CultureInfo.InvariantCulture, $"{(minutes < 0 ? '-' : '+')}{Math.Abs(minutes) / 60:00}:{Math.Abs(minutes) % 60:00}");
}
