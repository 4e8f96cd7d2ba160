using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecurityAgent.LocalHub.Storage;

namespace SecurityAgent.LocalHub.Registry;

/// <summary>
/// Identities, twins, policies and enrollments, kept in <c>registry.json</c> (0600: it holds keys) in
/// the data folder and rewritten atomically after every change. Thread-safe (one lock).
/// </summary>
internal sealed class HubRegistry
{
    public const string OwnerPolicy = "iothubowner";
    private const string FileName = "registry.json";
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly int _maxSectionBytes;
    private readonly object _lock = new();
    private readonly RegistryDocument _document;

    private HubRegistry(string path, RegistryDocument document, TimeProvider time, int maxSectionBytes)
    {
        _path = path;
        _document = document;
        _time = time;
        _maxSectionBytes = maxSectionBytes;
    }

    public static HubRegistry LoadOrCreate(string dataDirectory, TimeProvider time, int maxSectionBytes)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var document = File.Exists(path)
            ? JsonSerializer.Deserialize<RegistryDocument>(File.ReadAllBytes(path), JsonOptions) ?? new RegistryDocument()
            : new RegistryDocument();
        var registry = new HubRegistry(path, document, time, maxSectionBytes);
        lock (registry._lock)
        {
            if (!document.Policies.ContainsKey(OwnerPolicy))
            {
                document.Policies[OwnerPolicy] = NewKey();
            }

            registry.Save();
        }

        return registry;
    }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string? PolicyKey(string policy)
    {
        lock (_lock)
        {
            return _document.Policies.GetValueOrDefault(policy);
        }
    }

    public IdentityRecord Upsert(string deviceId, string? moduleId, string? primaryKey, string? secondaryKey, string? thumbprint, string status = "enabled")
    {
        lock (_lock)
        {
            var record = FindLocked(deviceId, moduleId);
            if (record is null)
            {
                record = new IdentityRecord { DeviceId = deviceId, ModuleId = moduleId };
                _document.Identities.Add(record);
            }
            else
            {
                record.Generation++;
            }

            record.PrimaryThumbprint = thumbprint?.ToUpperInvariant();
            record.PrimaryKey = thumbprint is null ? primaryKey ?? record.PrimaryKey ?? NewKey() : null;
            record.SecondaryKey = thumbprint is null ? secondaryKey ?? record.SecondaryKey ?? NewKey() : null;
            record.Status = status;
            Save();
            return Clone(record);
        }
    }

    public IdentityRecord? Find(string deviceId, string? moduleId)
    {
        lock (_lock)
        {
            var record = FindLocked(deviceId, moduleId);
            return record is null ? null : Clone(record);
        }
    }

    public bool DeviceExists(string deviceId) => Find(deviceId, null) is not null;

    /// <summary>The properties as a device sees them on a twin GET.</summary>
    public JsonObject? DeviceTwin(string deviceId, string? moduleId)
    {
        lock (_lock)
        {
            var twin = FindLocked(deviceId, moduleId)?.Twin;
            return twin is null ? null : new JsonObject
            {
                ["desired"] = Section(twin.Desired, twin.DesiredMetadata, twin.DesiredVersion),
                ["reported"] = Section(twin.Reported, twin.ReportedMetadata, twin.ReportedVersion),
            };
        }
    }

    /// <summary>The twin as the service API shows it.</summary>
    public JsonObject? ServiceTwin(string deviceId, string? moduleId, bool connected)
    {
        lock (_lock)
        {
            var record = FindLocked(deviceId, moduleId);
            if (record is null)
            {
                return null;
            }

            var twin = record.Twin;
            var view = new JsonObject { ["deviceId"] = record.DeviceId };
            if (record.ModuleId is not null)
            {
                view["moduleId"] = record.ModuleId;
            }

            view["etag"] = Etag(twin.Version);
            view["status"] = record.Status;
            view["connectionState"] = connected ? "Connected" : "Disconnected";
            view["authenticationType"] = record.AuthenticationType;
            if (record.PrimaryThumbprint is not null)
            {
                view["x509Thumbprint"] = new JsonObject { ["primaryThumbprint"] = record.PrimaryThumbprint };
            }

            view["version"] = twin.Version;
            view["tags"] = twin.Tags.DeepClone();
            view["properties"] = new JsonObject
            {
                ["desired"] = Section(twin.Desired, twin.DesiredMetadata, twin.DesiredVersion),
                ["reported"] = Section(twin.Reported, twin.ReportedMetadata, twin.ReportedVersion),
            };
            return view;
        }
    }

    public TwinUpdateResult PatchDesired(string deviceId, string? moduleId, JsonObject? desired, JsonObject? tags)
    {
        lock (_lock)
        {
            var record = FindLocked(deviceId, moduleId);
            if (record is null)
            {
                return new TwinUpdateResult(404, 0, "identity not found");
            }

            var error = (desired is not null ? TwinMerge.Check(desired) : null) ?? (tags is not null ? TwinMerge.Check(tags) : null);
            if (error is not null)
            {
                return new TwinUpdateResult(400, 0, error);
            }

            var twin = record.Twin;
            var candidate = twin.Desired.DeepClone().AsObject();
            var metadata = twin.DesiredMetadata.DeepClone().AsObject();
            var version = twin.DesiredVersion;
            if (desired is not null)
            {
                version++;
                TwinMerge.Apply(candidate, metadata, desired, Now(), version);
                if (Encoding.UTF8.GetByteCount(candidate.ToJsonString()) > _maxSectionBytes)
                {
                    return new TwinUpdateResult(400, 0, $"desired properties would exceed {_maxSectionBytes} bytes");
                }
            }

            if (tags is not null)
            {
                var tagsCandidate = twin.Tags.DeepClone().AsObject();
                TwinMerge.Apply(tagsCandidate, [], tags, Now(), null);
                twin.Tags = tagsCandidate;
            }

            twin.Desired = candidate;
            twin.DesiredMetadata = metadata;
            twin.DesiredVersion = version;
            twin.Version++;
            Save();
            return new TwinUpdateResult(200, version, null);
        }
    }

    public TwinUpdateResult PatchReported(string deviceId, string? moduleId, JsonObject patch)
    {
        lock (_lock)
        {
            var record = FindLocked(deviceId, moduleId);
            if (record is null)
            {
                return new TwinUpdateResult(404, 0, "identity not found");
            }

            if (TwinMerge.Check(patch) is { } error)
            {
                return new TwinUpdateResult(400, 0, error);
            }

            var twin = record.Twin;
            var candidate = twin.Reported.DeepClone().AsObject();
            var metadata = twin.ReportedMetadata.DeepClone().AsObject();
            TwinMerge.Apply(candidate, metadata, patch, Now(), null);
            if (Encoding.UTF8.GetByteCount(candidate.ToJsonString()) > _maxSectionBytes)
            {
                return new TwinUpdateResult(400, 0, $"reported properties would exceed {_maxSectionBytes} bytes");
            }

            twin.Reported = candidate;
            twin.ReportedMetadata = metadata;
            twin.ReportedVersion++;
            twin.Version++;
            Save();
            return new TwinUpdateResult(204, twin.ReportedVersion, null);
        }
    }

    public void UpsertEnrollment(EnrollmentRecord enrollment)
    {
        lock (_lock)
        {
            _document.Enrollments.RemoveAll(e => e.Id == enrollment.Id && e.IsGroup == enrollment.IsGroup);
            _document.Enrollments.Add(enrollment);
            Save();
        }
    }

    public IReadOnlyList<EnrollmentRecord> Enrollments()
    {
        lock (_lock)
        {
            return [.. _document.Enrollments];
        }
    }

    private static JsonObject Section(JsonObject values, JsonObject metadata, long version)
    {
        var section = values.DeepClone().AsObject();
        section["$metadata"] = metadata.DeepClone();
        section["$version"] = version;
        return section;
    }

    private static string Etag(long version) => Convert.ToBase64String(Encoding.UTF8.GetBytes(version.ToString(CultureInfo.InvariantCulture)));

    private static IdentityRecord Clone(IdentityRecord record)
        => JsonSerializer.Deserialize<IdentityRecord>(JsonSerializer.SerializeToUtf8Bytes(record, JsonOptions), JsonOptions)!;

    private string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private IdentityRecord? FindLocked(string deviceId, string? moduleId)
        => _document.Identities.Find(i => i.DeviceId == deviceId && i.ModuleId == moduleId);

    private void Save() => SecretFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(_document, JsonOptions));
}
