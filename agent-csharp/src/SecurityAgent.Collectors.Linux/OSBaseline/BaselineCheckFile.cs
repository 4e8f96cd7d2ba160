using System.Globalization;
using System.Text.Json;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.OSBaseline;

/// <summary>
/// Reads a file of checks: <c>{"version": 1, "checks": [ {...}, ... ]}</c>, each check with id,
/// description, severity and kind and the members its kind needs. A check that is not valid is
/// skipped and named in the errors; the file as a whole fails only when it is not that shape.
/// </summary>
internal static class BaselineCheckFile
{
    private static readonly string[] Kinds = ["keyValue", "fileContent", "fileMode", "absent", "mountOption", "noEmptyPasswords", "onlyRootUid0"];

    /// <summary>The project's own checks, embedded in the assembly.</summary>
    public static IReadOnlyList<BaselineCheck> BuiltIn { get; } = LoadBuiltIn();

    /// <summary>Parses <paramref name="json"/>.</summary>
    /// <exception cref="InvalidDataException">Not JSON, or not an object with a "checks" array.</exception>
    public static List<BaselineCheck> Parse(string json, List<string> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"not JSON: {ex.Message}", ex);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("checks", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("no \"checks\" array");
            }
            var checks = new List<BaselineCheck>();
            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                if (TryRead(element, out var check, out var error))
                {
                    if (checks.Exists(c => c.Id == check.Id))
                    {
                        errors.Add($"check {index} ({check.Id}): duplicate id");
                    }
                    else
                    {
                        checks.Add(check);
                    }
                }
                else
                {
                    errors.Add($"check {index}: {error}");
                }
                index++;
            }
            return checks;
        }
    }

    private static bool TryRead(JsonElement e, out BaselineCheck check, out string error)
    {
        check = null!;
        if (e.ValueKind != JsonValueKind.Object)
        {
            error = "not an object";
            return false;
        }
        var id = Text(e, "id");
        var description = Text(e, "description");
        var kind = Text(e, "kind");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(description))
        {
            error = "id and description are required";
            return false;
        }
        if (!Enum.TryParse<BaselineSeverity>(Text(e, "severity"), ignoreCase: false, out var severity) || !Enum.IsDefined(severity))
        {
            error = $"{id}: severity is one of Critical, Important, Warning, Informational";
            return false;
        }
        if (kind is null || !Kinds.Contains(kind))
        {
            error = $"{id}: kind is one of {string.Join(", ", Kinds)}";
            return false;
        }
        var missing = Text(e, "missing") switch
        {
            null or "err" => BaselineResult.Err,
            "pass" => BaselineResult.Pass,
            "fail" => BaselineResult.Fail,
            _ => (BaselineResult?)null,
        };
        int? maxMode = null;
        if (Text(e, "maxMode") is { } mode)
        {
            try
            {
                maxMode = Convert.ToInt32(mode, 8);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                error = $"{id}: maxMode is an octal mode";
                return false;
            }
        }
        check = new BaselineCheck(id, description, Text(e, "cceId"), severity, kind, Text(e, "path"), Text(e, "key"), Text(e, "default"),
            Texts(e, "allowed"), Number(e, "min"), Number(e, "max"), maxMode, (uint?)Number(e, "owner"), Texts(e, "paths"),
            Text(e, "mountPoint"), Texts(e, "options"), missing ?? BaselineResult.Err);
        error = (kind, check) switch
        {
            _ when missing is null => $"{id}: missing is pass, fail or err",
            ("keyValue", { Path: null } or { Key: null }) => $"{id}: keyValue needs path and key",
            ("keyValue", { Allowed.Count: 0, Min: null, Max: null }) => $"{id}: keyValue needs allowed, min or max",
            ("fileContent", { Path: null } or { Allowed.Count: 0 }) => $"{id}: fileContent needs path and allowed",
            ("fileMode", { Path: null } or { MaxMode: null }) => $"{id}: fileMode needs path and maxMode",
            ("absent", { Paths.Count: 0 }) => $"{id}: absent needs paths",
            ("mountOption", { MountPoint: null } or { Options.Count: 0 }) => $"{id}: mountOption needs mountPoint and options",
            ("noEmptyPasswords" or "onlyRootUid0", { Path: null }) => $"{id}: {kind} needs path",
            _ => string.Empty,
        };
        return error.Length == 0;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static long? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n
        : Text(e, name) is { } s && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n) ? n : null;

    private static string[] Texts(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
            : [];

    private static List<BaselineCheck> LoadBuiltIn()
    {
        using var stream = typeof(BaselineCheckFile).Assembly.GetManifestResourceStream("BaselineChecks.json")
            ?? throw new InvalidOperationException("the embedded BaselineChecks.json is missing");
        using var reader = new StreamReader(stream);
        var errors = new List<string>();
        var checks = Parse(reader.ReadToEnd(), errors);
        return errors.Count == 0 ? checks : throw new InvalidOperationException("the embedded BaselineChecks.json is invalid: " + string.Join("; ", errors));
    }
}
