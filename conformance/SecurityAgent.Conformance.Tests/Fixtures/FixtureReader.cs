using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using SecurityAgent.Conformance.Tests.Running;
using SecurityAgent.Conformance.Tests.Scripts;

namespace SecurityAgent.Conformance.Tests.Fixtures;

/// <summary>Reads a fixture file (format: conformance/README.md). Strict: an unknown member is an error.</summary>
internal static class FixtureReader
{
    private static readonly string[] _topMembers =
        ["description", "agentId", "agentVersion", "utcOffset", "start", "initialTwin", "steps"];

    public static Fixture Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = false });
        var name = Path.GetFileNameWithoutExtension(path);
        try
        {
            return Read(name, document.RootElement);
        }
        catch (Exception e) when (e is FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{name}: {e.Message}", e);
        }
    }

    public static Fixture Read(string name, JsonElement root)
    {
        CheckMembers(root, _topMembers, "fixture");
        var start = Time(root.GetProperty("start"));
        var initialTwin = root.TryGetProperty("initialTwin", out var t) ? Encoding.UTF8.GetBytes(t.GetRawText()) : null;
        var steps = new List<Step>();
        var expected = new List<Output>();
        if (initialTwin is not null)
        {
            expected.Add(new Output(-1, "twin accepted", []));
        }

        var now = start;
        var index = 0;
        foreach (var step in root.GetProperty("steps").EnumerateArray())
        {
            try
            {
                steps.Add(ReadStep(step, index, ref now, expected));
            }
            catch (Exception e) when (e is FormatException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException($"step {index}: {e.Message}", e);
            }

            index++;
        }

        var script = new Script(
            root.GetProperty("agentId").GetString()!,
            root.GetProperty("agentVersion").GetString()!,
            Offset(root.GetProperty("utcOffset").GetString()!),
            start,
            initialTwin,
            steps);
        return new Fixture(name, root.GetProperty("description").GetString()!, script, expected);
    }

    private static Step ReadStep(JsonElement step, int i, ref long now, List<Output> expected)
    {
        if (step.TryGetProperty("event", out var e))
        {
            CheckMembers(step, ["event", "time", "items", "comment"], "event step");
            var time = step.TryGetProperty("time", out var at) ? Time(at) : now;
            var items = step.GetProperty("items").EnumerateArray().Select(ReadItem).ToArray();
            return new SubmitEventStep(new RawEvent(e.GetString()!, time, items));
        }

        if (step.TryGetProperty("log", out var log))
        {
            CheckMembers(step, ["log", "comment"], "log step");
            CheckMembers(log, ["severity", "message", "processId", "threadId", "correlationId"], "log");
            return new SubmitLogStep(
                Array.IndexOf(["Debug", "Information", "Warning", "Error", "Fatal"], log.GetProperty("severity").GetString()),
                Encoding.UTF8.GetString(TextSpec.Read(log.GetProperty("message"))),
                log.GetProperty("processId").GetUInt32(),
                log.GetProperty("threadId").GetUInt32(),
                log.TryGetProperty("correlationId", out var c) ? c.GetString() : null);
        }

        if (step.TryGetProperty("tick", out _) || step.TryGetProperty("advance", out _))
        {
            CheckMembers(step, ["tick", "advance", "snapshotDue", "messages", "comment"], "tick step");
            var target = step.TryGetProperty("tick", out var tick)
                ? Time(tick)
                : now + (long)XmlConvert.ToTimeSpan(step.GetProperty("advance").GetString()!).TotalMilliseconds;
            now = Math.Max(now, target);
            if (step.TryGetProperty("snapshotDue", out var due) && due.GetBoolean())
            {
                expected.Add(new Output(i, "snapshot due", []));
            }

            ReadMessages(step, i, expected);
            return new TickStep(target);
        }

        if (step.TryGetProperty("twin", out _) || step.TryGetProperty("twinText", out _))
        {
            CheckMembers(step, ["twin", "twinText", "accepted", "comment"], "twin step");
            var json = step.TryGetProperty("twin", out var twin)
                ? Encoding.UTF8.GetBytes(twin.GetRawText())
                : TextSpec.Read(step.GetProperty("twinText"));
            expected.Add(new Output(i, step.GetProperty("accepted").GetBoolean() ? "twin accepted" : "twin rejected", []));
            return new TwinStep(json);
        }

        if (step.TryGetProperty("flushAll", out _))
        {
            CheckMembers(step, ["flushAll", "messages", "comment"], "flushAll step");
            ReadMessages(step, i, expected);
            return new FlushAllStep();
        }

        if (step.TryGetProperty("reported", out var reported))
        {
            CheckMembers(step, ["reported", "comment"], "reported step");
            expected.Add(new Output(i, "reported", CanonicalJson.Write(reported)));
            return new ReportedStep();
        }

        if (step.TryGetProperty("connected", out var connected))
        {
            CheckMembers(step, ["connected", "comment"], "connected step");
            return new ConnectedStep(connected.GetBoolean());
        }

        if (step.TryGetProperty("sendFailure", out _))
        {
            CheckMembers(step, ["sendFailure", "comment"], "sendFailure step");
            return new SendFailureStep();
        }

        throw new FormatException($"Unknown step {step.GetRawText()}.");
    }

    private static void ReadMessages(JsonElement step, int i, List<Output> expected)
    {
        if (!step.TryGetProperty("messages", out var messages))
        {
            return;
        }

        foreach (var m in messages.EnumerateArray())
        {
            CheckMembers(m, ["priority", "size", "body", "bodyText", "comment"], "message");
            var body = m.TryGetProperty("body", out var b) ? CanonicalJson.Write(b) : TextSpec.Read(m.GetProperty("bodyText"));
            if (m.TryGetProperty("size", out var size) && size.GetInt32() != body.Length)
            {
                throw new FormatException($"A message of step {i} says size {size.GetInt32()} but its body is {body.Length} bytes.");
            }

            expected.Add(new Output(i, "message " + m.GetProperty("priority").GetString(), body));
        }
    }

    private static RawItem ReadItem(JsonElement item)
    {
        var fields = new List<RawField>();
        var details = new List<RawDetail>();
        foreach (var member in item.EnumerateObject())
        {
            if (member.Name == "ExtraDetails")
            {
                details.AddRange(ReadDetails(member.Value));
                continue;
            }

            fields.Add(member.Value.ValueKind switch
            {
                JsonValueKind.Number => RawField.Of(member.Name, member.Value.GetInt64()),
                JsonValueKind.True or JsonValueKind.False => RawField.Of(member.Name, member.Value.GetBoolean()),
                _ => RawField.Of(member.Name, TextSpec.Read(member.Value)),
            });
        }

        return new RawItem(fields, details);
    }

    private static RawDetail[] ReadDetails(JsonElement details) => details.ValueKind == JsonValueKind.Object
        ? details.EnumerateObject().Select(p => new RawDetail(Encoding.UTF8.GetBytes(p.Name), TextSpec.Read(p.Value))).ToArray()
        : details.EnumerateArray().Select(p => new RawDetail(TextSpec.Read(p[0]), TextSpec.Read(p[1]))).ToArray();

    public static long Time(JsonElement value) => DateTimeOffset.Parse(
        value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();

    private static int Offset(string text)
    {
        var sign = text[0] == '-' ? -1 : 1;
        var parts = text.TrimStart('+', '-').Split(':');
        return sign * ((int.Parse(parts[0], CultureInfo.InvariantCulture) * 60) + int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static void CheckMembers(JsonElement element, string[] allowed, string what)
    {
        foreach (var member in element.EnumerateObject())
        {
            if (!allowed.Contains(member.Name))
            {
                throw new FormatException($"Unknown member '{member.Name}' in a {what}.");
            }
        }
    }
}
