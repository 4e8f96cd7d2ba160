using System.Security.Cryptography.X509Certificates;
using SecurityAgent.IotHub.Authentication;
using SecurityAgent.LocalHub.Authentication;
using SecurityAgent.LocalHub.Registry;

namespace SecurityAgent.LocalHub.Mqtt;

/// <summary>
/// Decides a CONNECT as IoT Hub and DPS do: parse the user name, check the client id against it,
/// then the SAS token or the client certificate's thumbprint. Returns the identity, or the reason
/// for refusing (always answered with CONNACK 5).
/// </summary>
internal sealed class ConnectionAuthenticator(HubRegistry registry, string hostName, string idScope, TimeProvider time)
{
    public (SessionIdentity? Identity, string? Error) Authenticate(string clientId, string? userName, string? password, X509Certificate2? certificate)
    {
        if (string.IsNullOrEmpty(userName))
        {
            return (null, "no user name");
        }

        return userName.Contains("/registrations/", StringComparison.Ordinal) && !userName.Contains('?', StringComparison.Ordinal)
            ? AuthenticateProvisioning(clientId, userName, password, certificate)
            : AuthenticateHub(clientId, userName, password, certificate);
    }

    private (SessionIdentity?, string?) AuthenticateHub(string clientId, string userName, string? password, X509Certificate2? certificate)
    {
        // {host}/{device}[/{module}]/?api-version=...: ids never contain '/', and the last segment starting with '?' is the query.
        var segments = userName.Split('/');
        var queryIndex = Array.FindLastIndex(segments, s => s.StartsWith('?'));
        if (queryIndex < 2 || queryIndex > 3 || queryIndex != segments.Length - 1)
        {
            return (null, "user name is not {host}/{device}[/{module}]/?api-version=...");
        }

        if (!segments[queryIndex].Contains("api-version=", StringComparison.Ordinal))
        {
            return (null, "user name lacks api-version");
        }

        var deviceId = segments[1];
        var moduleId = queryIndex == 3 ? segments[2] : null;
        var expectedClientId = moduleId is null ? deviceId : $"{deviceId}/{moduleId}";
        if (clientId != expectedClientId)
        {
            return (null, $"client id '{clientId}' does not match the user name's identity '{expectedClientId}'");
        }

        var record = registry.Find(deviceId, moduleId);
        if (record is null)
        {
            return (null, $"identity '{expectedClientId}' is not registered");
        }

        if (record.Status != "enabled")
        {
            return (null, $"identity '{expectedClientId}' is disabled");
        }

        if (!string.IsNullOrEmpty(password))
        {
            if (record.PrimaryKey is null)
            {
                return (null, $"identity '{expectedClientId}' has no symmetric key");
            }

            var error = SasTokenValidator.Validate(password, SharedAccessSignature.IdentityResource(hostName, deviceId, moduleId), [record.PrimaryKey, record.SecondaryKey], null, time.GetUtcNow());
            return error is null ? (new SessionIdentity(deviceId, moduleId, "sas"), null) : (null, error);
        }

        return CheckThumbprint(certificate, [record.PrimaryThumbprint, record.SecondaryThumbprint]) is { } certificateError
            ? (null, certificateError)
            : (new SessionIdentity(deviceId, moduleId, "x509"), null);
    }

    private (SessionIdentity?, string?) AuthenticateProvisioning(string clientId, string userName, string? password, X509Certificate2? certificate)
    {
        // {idScope}/registrations/{registrationId}/api-version=...[&ClientVersion=...]
        var segments = userName.Split('/');
        if (segments.Length != 4 || segments[1] != "registrations" || !segments[3].StartsWith("api-version=", StringComparison.Ordinal))
        {
            return (null, "DPS user name is not {idScope}/registrations/{registrationId}/api-version=...");
        }

        if (segments[0] != idScope)
        {
            return (null, $"unknown ID scope '{segments[0]}'");
        }

        var registrationId = segments[2];
        if (clientId != registrationId)
        {
            return (null, "client id does not match the registration id");
        }

        var enrollments = registry.Enrollments();
        var individual = enrollments.FirstOrDefault(e => !e.IsGroup && e.Id == registrationId);
        if (!string.IsNullOrEmpty(password))
        {
            var candidates = new List<(EnrollmentRecord Enrollment, string Key)>();
            if (individual?.PrimaryKey is not null)
            {
                candidates.Add((individual, individual.PrimaryKey));
            }

            candidates.AddRange(enrollments.Where(e => e.IsGroup && e.PrimaryKey is not null).Select(e => (e, SharedAccessSignature.DeriveDeviceKey(e.PrimaryKey!, registrationId))));
            if (candidates.Count == 0)
            {
                return (null, $"no enrollment for '{registrationId}'");
            }

            string? lastError = null;
            foreach (var (enrollment, key) in candidates)
            {
                lastError = SasTokenValidator.Validate(password, $"{idScope}/registrations/{registrationId}", [key], "registration", time.GetUtcNow());
                if (lastError is null)
                {
                    return (new SessionIdentity(registrationId, null, "sas", IsProvisioning: true, DeviceKey: key, Enrollment: enrollment), null);
                }
            }

            return (null, lastError);
        }

        if (individual?.Thumbprint is null)
        {
            return (null, $"no X.509 enrollment for '{registrationId}'");
        }

        return CheckThumbprint(certificate, [individual.Thumbprint]) is { } error
            ? (null, error)
            : (new SessionIdentity(registrationId, null, "x509", IsProvisioning: true, Thumbprint: individual.Thumbprint, Enrollment: individual), null);
    }

    private string? CheckThumbprint(X509Certificate2? certificate, string?[] thumbprints)
    {
        if (certificate is null)
        {
            return "no password and no client certificate";
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (certificate.NotBefore.ToUniversalTime() > now || certificate.NotAfter.ToUniversalTime() < now)
        {
            return "client certificate is outside its validity period";
        }

        var presented = certificate.Thumbprint;
        return thumbprints.Any(t => t is not null && t.Equals(presented, StringComparison.OrdinalIgnoreCase))
            ? null
            : "client certificate thumbprint is not registered for this identity";
    }
}
