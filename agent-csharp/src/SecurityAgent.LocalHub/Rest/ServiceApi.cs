using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecurityAgent.IotHub.Authentication;
using SecurityAgent.LocalHub.Authentication;
using SecurityAgent.LocalHub.Messages;
using SecurityAgent.LocalHub.Registry;

namespace SecurityAgent.LocalHub.Rest;

/// <summary>
/// The REST service API on 127.0.0.1 over HTTPS (Kestrel): identities, twins, enrollments and stored
/// messages, guarded by the <c>iothubowner</c> policy; a device's own SAS token (or registered
/// certificate) may only read its modules, which is what the device-identity flow needs.
/// </summary>
internal sealed class ServiceApi : IAsyncDisposable
{
    private const string AccessKey = "securityagent.access";
    private readonly WebApplication _app;
    private readonly LocalHub _hub;
    private readonly HubRegistry _registry;
    private readonly ILogger _logger;

    public ServiceApi(LocalHub hub, HubRegistry registry, LocalHubOptions options, X509Certificate2 serverCertificate, ILogger logger)
    {
        _hub = hub;
        _registry = registry;
        _logger = logger;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = options.DataDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(options.LoggerFactory);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.HttpsPort, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = serverCertificate;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (_, _, errors) => (errors & ~(System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors | System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable)) == System.Net.Security.SslPolicyErrors.None;
        })));
        _app = builder.Build();
        _app.Use(AuthorizeAsync);
        Map("GET", "/devices/{deviceId}", ctx => GetIdentity(ctx, Route(ctx, "deviceId"), null));
        Map("PUT", "/devices/{deviceId}", ctx => PutIdentityAsync(ctx, Route(ctx, "deviceId"), null));
        Map("GET", "/devices/{deviceId}/modules/{moduleId}", ctx => GetIdentity(ctx, Route(ctx, "deviceId"), Route(ctx, "moduleId")));
        Map("PUT", "/devices/{deviceId}/modules/{moduleId}", ctx => PutIdentityAsync(ctx, Route(ctx, "deviceId"), Route(ctx, "moduleId")));
        Map("GET", "/twins/{deviceId}", ctx => GetTwin(ctx, Route(ctx, "deviceId"), null));
        Map("PATCH", "/twins/{deviceId}", ctx => PatchTwinAsync(ctx, Route(ctx, "deviceId"), null));
        Map("GET", "/twins/{deviceId}/modules/{moduleId}", ctx => GetTwin(ctx, Route(ctx, "deviceId"), Route(ctx, "moduleId")));
        Map("PATCH", "/twins/{deviceId}/modules/{moduleId}", ctx => PatchTwinAsync(ctx, Route(ctx, "deviceId"), Route(ctx, "moduleId")));
        Map("PUT", "/enrollments/{registrationId}", ctx => PutEnrollmentAsync(ctx, Route(ctx, "registrationId"), isGroup: false));
        Map("PUT", "/enrollmentGroups/{groupId}", ctx => PutEnrollmentAsync(ctx, Route(ctx, "groupId"), isGroup: true));
        Map("GET", "/messages", ListMessages);
    }

    public int Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static string Route(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

    private static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
        => WriteAsync(context, status, new JsonObject { ["Message"] = $"ErrorCode:{code};{message}", ["ExceptionMessage"] = message });

    private static JsonObject IdentityJson(IdentityRecord record, bool connected)
    {
        var json = new JsonObject { ["deviceId"] = record.DeviceId };
        if (record.ModuleId is not null)
        {
            json["moduleId"] = record.ModuleId;
        }

        json["generationId"] = record.Generation.ToString(CultureInfo.InvariantCulture);
        json["etag"] = Convert.ToBase64String(BitConverter.GetBytes(record.Generation));
        json["status"] = record.Status;
        json["connectionState"] = connected ? "Connected" : "Disconnected";
        json["authentication"] = new JsonObject
        {
            ["type"] = record.AuthenticationType,
            ["symmetricKey"] = new JsonObject { ["primaryKey"] = record.PrimaryKey, ["secondaryKey"] = record.SecondaryKey },
            ["x509Thumbprint"] = new JsonObject { ["primaryThumbprint"] = record.PrimaryThumbprint, ["secondaryThumbprint"] = record.SecondaryThumbprint },
        };
        return json;
    }

    private static string ClientId(string deviceId, string? moduleId) => moduleId is null ? deviceId : $"{deviceId}/{moduleId}";

    private void Map(string method, string pattern, RequestDelegate handler) => _app.MapMethods(pattern, [method], handler);

    private async Task AuthorizeAsync(HttpContext context, RequestDelegate next)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var now = _hub.TimeProvider.GetUtcNow();
        string? reason;
        if (header.Contains("skn=", StringComparison.Ordinal))
        {
            reason = SasTokenValidator.Validate(header, _hub.HostName, [_registry.PolicyKey(HubRegistry.OwnerPolicy)], HubRegistry.OwnerPolicy, now);
            if (reason is null)
            {
                context.Items[AccessKey] = "owner";
                await next(context).ConfigureAwait(false);
                return;
            }
        }
        else
        {
            reason = AuthorizeDevice(context, header, now);
            if (reason is null)
            {
                await next(context).ConfigureAwait(false);
                return;
            }
        }

        LocalHubLog.RestRefused(_logger, context.Request.Method, context.Request.Path, reason);
        await ErrorAsync(context, 401, "IotHubUnauthorizedAccess", "Unauthorized").ConfigureAwait(false);
    }

    /// <summary>A device may read its own modules (GET /devices/{device}/modules/{module}) with its SAS token or certificate.</summary>
    private string? AuthorizeDevice(HttpContext context, string header, DateTimeOffset now)
    {
        var segments = context.Request.Path.Value?.Trim('/').Split('/') ?? [];
        if (!HttpMethods.IsGet(context.Request.Method) || segments.Length != 4 || segments[0] != "devices" || segments[2] != "modules")
        {
            return "no service policy token";
        }

        var deviceId = Uri.UnescapeDataString(segments[1]);
        var device = _registry.Find(deviceId, null);
        if (device is null)
        {
            return "unknown device";
        }

        if (header.Length > 0)
        {
            return SasTokenValidator.Validate(header, SharedAccessSignature.IdentityResource(_hub.HostName, deviceId, null), [device.PrimaryKey, device.SecondaryKey], null, now);
        }

        var certificate = context.Connection.ClientCertificate;
        return certificate is not null && device.PrimaryThumbprint is not null && certificate.Thumbprint.Equals(device.PrimaryThumbprint, StringComparison.OrdinalIgnoreCase)
            ? null
            : "no token and no registered client certificate";
    }

    private Task GetIdentity(HttpContext context, string deviceId, string? moduleId)
    {
        var record = _registry.Find(deviceId, moduleId);
        return record is null
            ? ErrorAsync(context, 404, moduleId is null ? "DeviceNotFound" : "ModuleNotFound", $"{ClientId(deviceId, moduleId)} not found")
            : WriteAsync(context, 200, IdentityJson(record, _hub.IsConnected(ClientId(deviceId, moduleId))));
    }

    private async Task PutIdentityAsync(HttpContext context, string deviceId, string? moduleId)
    {
        var body = await ReadObjectAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await ErrorAsync(context, 400, "ArgumentInvalid", "body is not a JSON object").ConfigureAwait(false);
            return;
        }

        if (moduleId is not null && !_registry.DeviceExists(deviceId))
        {
            await ErrorAsync(context, 404, "DeviceNotFound", $"{deviceId} not found").ConfigureAwait(false);
            return;
        }

        var authentication = body["authentication"];
        var thumbprint = authentication?["x509Thumbprint"]?["primaryThumbprint"]?.GetValue<string>();
        var primary = authentication?["symmetricKey"]?["primaryKey"]?.GetValue<string>();
        var secondary = authentication?["symmetricKey"]?["secondaryKey"]?.GetValue<string>();
        var status = body["status"]?.GetValue<string>() ?? "enabled";
        if (status is not ("enabled" or "disabled"))
        {
            await ErrorAsync(context, 400, "ArgumentInvalid", "status must be enabled or disabled").ConfigureAwait(false);
            return;
        }

        var record = _registry.Upsert(deviceId, moduleId, primary, secondary, thumbprint, status);
        await WriteAsync(context, 200, IdentityJson(record, _hub.IsConnected(ClientId(deviceId, moduleId)))).ConfigureAwait(false);
    }

    private Task GetTwin(HttpContext context, string deviceId, string? moduleId)
    {
        var twin = _registry.ServiceTwin(deviceId, moduleId, _hub.IsConnected(ClientId(deviceId, moduleId)));
        return twin is null
            ? ErrorAsync(context, 404, moduleId is null ? "DeviceNotFound" : "ModuleNotFound", $"{ClientId(deviceId, moduleId)} not found")
            : WriteAsync(context, 200, twin);
    }

    private async Task PatchTwinAsync(HttpContext context, string deviceId, string? moduleId)
    {
        var body = await ReadObjectAsync(context).ConfigureAwait(false);
        var desired = body?["properties"]?["desired"] as JsonObject;
        var tags = body?["tags"] as JsonObject;
        if (body is null || (desired is null && tags is null))
        {
            await ErrorAsync(context, 400, "ArgumentInvalid", "body must carry properties.desired or tags").ConfigureAwait(false);
            return;
        }

        var result = await _hub.PatchTwinAsync(deviceId, moduleId, desired, tags).ConfigureAwait(false);
        if (result.Status >= 400)
        {
            await ErrorAsync(context, result.Status, result.Status == 404 ? "DeviceNotFound" : "ArgumentInvalid", result.Error ?? "rejected").ConfigureAwait(false);
            return;
        }

        await GetTwin(context, deviceId, moduleId).ConfigureAwait(false);
    }

    private async Task PutEnrollmentAsync(HttpContext context, string id, bool isGroup)
    {
        var body = await ReadObjectAsync(context).ConfigureAwait(false);
        var attestation = body?["attestation"];
        var key = attestation?["symmetricKey"]?["primaryKey"]?.GetValue<string>();
        var thumbprint = attestation?["x509"]?["thumbprint"]?.GetValue<string>();
        if (key is null && thumbprint is null)
        {
            await ErrorAsync(context, 400, "ArgumentInvalid", "attestation needs symmetricKey.primaryKey or x509.thumbprint").ConfigureAwait(false);
            return;
        }

        if (isGroup && thumbprint is not null)
        {
            await ErrorAsync(context, 400, "ArgumentInvalid", "enrollment groups take symmetric keys only").ConfigureAwait(false);
            return;
        }

        _registry.UpsertEnrollment(new EnrollmentRecord { Id = id, IsGroup = isGroup, PrimaryKey = key, Thumbprint = thumbprint?.ToUpperInvariant(), DeviceId = body?["deviceId"]?.GetValue<string>() });
        await WriteAsync(context, 200, new JsonObject { ["id"] = id, ["isGroup"] = isGroup }).ConfigureAwait(false);
    }

    private Task ListMessages(HttpContext context)
    {
        var query = context.Request.Query;
        var filter = new MessageQuery
        {
            DeviceId = query["deviceId"].FirstOrDefault(),
            ModuleId = query["moduleId"].FirstOrDefault(),
            MessageId = query["messageId"].FirstOrDefault(),
            InterfaceId = query["interfaceId"].FirstOrDefault(),
            AfterSequence = long.TryParse(query["after"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var after) ? after : 0,
            Limit = int.TryParse(query["limit"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : 1000,
        };
        var array = new JsonArray();
        foreach (var message in _hub.GetMessages(filter))
        {
            var properties = new JsonObject();
            foreach (var (name, value) in message.Properties)
            {
                properties[name] = value;
            }

            array.Add(new JsonObject
            {
                ["sequence"] = message.Sequence,
                ["deviceId"] = message.DeviceId,
                ["moduleId"] = message.ModuleId,
                ["messageId"] = message.MessageId,
                ["interfaceId"] = message.InterfaceId,
                ["contentType"] = message.ContentType,
                ["contentEncoding"] = message.ContentEncoding,
                ["authMethod"] = message.AuthMethod,
                ["enqueuedTimeUtc"] = message.EnqueuedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["properties"] = properties,
                ["body"] = Convert.ToBase64String(message.Body),
            });
        }

        return WriteAsync(context, 200, array);
    }
}
