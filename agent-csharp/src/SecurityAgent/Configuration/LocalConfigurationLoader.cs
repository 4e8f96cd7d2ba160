using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SecurityAgent.Configuration;

/// <summary>
/// Reads the local configuration file: JSON syntax, then the schema, then the files it names
/// (key files must exist and be private). Every problem is reported, not only the first.
/// </summary>
public static class LocalConfigurationLoader
{
    private const string DefaultModuleId = "azureiotsecurity";
    private const string DefaultObjectName = "ms_iotn:urn_azureiot_Security_SecurityAgentConfiguration";

    /// <summary>Loads and checks the file at <paramref name="path"/>.</summary>
    public static LocalConfigurationLoadResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Invalid(new ConfigurationProblem("(file)", $"cannot read {path}: {ex.Message}"));
        }
        return Parse(text);
    }

    /// <summary>Checks the text of a configuration file.</summary>
    public static LocalConfigurationLoadResult Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            return Invalid(new ConfigurationProblem("(file)", $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}"));
        }

        using (document)
        {
            var root = document.RootElement;
            var schemaProblems = LocalConfigurationSchema.Validate(root);
            if (schemaProblems.Count > 0)
                return new LocalConfigurationLoadResult(null, schemaProblems);

            var configuration = Map(root);
            var fileProblems = CheckFiles(configuration);
            return fileProblems.Count > 0
                ? new LocalConfigurationLoadResult(null, fileProblems)
                : new LocalConfigurationLoadResult(configuration, []);
        }
    }

    private static LocalConfigurationLoadResult Invalid(ConfigurationProblem problem) => new(null, [problem]);

    private static LocalConfiguration Map(JsonElement root)
    {
        var transport = Object(root, "transport");
        var outbox = root.GetProperty("outbox");
        var logging = Object(root, "logging");
        return new LocalConfiguration(
            AgentId: root.GetProperty("agentId").GetString()!,
            Identity: MapIdentity(root.GetProperty("identity")),
            HubHostName: String(root, "hubHostName"),
            GatewayHostName: String(root, "gatewayHostName"),
            CaFile: String(root, "caFile"),
            Transport: new TransportSettings(
                UseWebSockets: String(transport, "protocol") == "mqttWebSockets",
                KeepAlive: TimeSpan.FromSeconds(Integer(transport, "keepAliveInSeconds") ?? 240)),
            Outbox: new OutboxSettings(outbox.GetProperty("path").GetString()!, Integer(outbox, "maxSizeInBytes") ?? 10 * 1024 * 1024),
            Logging: new LoggingSettings(
                Level: LogLevelOf(String(logging, "level") ?? "information"),
                DiagnosticEventsLevel: LogLevelOf(String(logging, "diagnosticEventsLevel") ?? "warning"),
                Destination: String(logging, "destination") ?? "console",
                FilePath: String(logging, "filePath")),
            RemoteConfigurationObjectName: String(root, "remoteConfigurationObjectName") ?? DefaultObjectName);
    }

    private static IdentitySettings MapIdentity(JsonElement identity)
    {
        var isModule = identity.GetProperty("type").GetString() == "module";
        return new IdentitySettings(
            isModule,
            String(identity, "deviceId"),
            isModule ? String(identity, "moduleId") ?? DefaultModuleId : null,
            MapAuthentication(identity.GetProperty("authentication")));
    }

    private static AuthenticationSettings MapAuthentication(JsonElement authentication) =>
        authentication.GetProperty("method").GetString() switch
        {
            "sasKey" => new AuthenticationSettings(AuthenticationMethod.SasKey, String(authentication, "keyFile"), null, null),
            "x509" => new AuthenticationSettings(AuthenticationMethod.X509, String(authentication, "keyFile"), String(authentication, "certificateFile"), null),
            _ => new AuthenticationSettings(AuthenticationMethod.Dps, null, null, new DpsSettings(
                authentication.GetProperty("idScope").GetString()!,
                authentication.GetProperty("registrationId").GetString()!,
                String(authentication, "globalEndpoint") ?? "global.azure-devices-provisioning.net",
                MapAuthentication(authentication.GetProperty("credentials")))),
        };

    private static List<ConfigurationProblem> CheckFiles(LocalConfiguration configuration)
    {
        var problems = new List<ConfigurationProblem>();
        void Add(ConfigurationProblem? problem)
        {
            if (problem is not null)
                problems.Add(problem);
        }

        var authentication = configuration.Identity.Authentication;
        var field = "identity.authentication";
        if (authentication.Dps is { } dps)
        {
            authentication = dps.Credentials;
            field += ".credentials";
        }
        if (authentication.KeyFile is { } keyFile)
            Add(SecretFileCheck.Check(field + ".keyFile", keyFile));
        if (authentication.CertificateFile is { } certificateFile)
            Add(SecretFileCheck.CheckExists(field + ".certificateFile", certificateFile));
        if (configuration.CaFile is { } caFile)
            Add(SecretFileCheck.CheckExists("caFile", caFile));
        return problems;
    }

    private static JsonElement Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) ? value : default;

    private static string? String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static long? Integer(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetInt64()
            : null;

    private static LogLevel LogLevelOf(string level) => level switch
    {
        "debug" => LogLevel.Debug,
        "information" => LogLevel.Information,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" => LogLevel.Critical,
        _ => LogLevel.None,
    };
}
