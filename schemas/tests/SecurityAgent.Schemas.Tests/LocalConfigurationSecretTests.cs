namespace SecurityAgent.Schemas.Tests;

/// <summary>Credentials are named by path only: the local configuration schema rejects inline secrets.</summary>
public sealed class LocalConfigurationSecretTests
{
    [TestCase("identity.authentication.sharedAccessKey", "\"q0Mh3vQ5Yk1uI8oRr0yB6cXkF2n5w9ZtLwE4a7S1d3U=\"")]
    [TestCase("identity.authentication.keyFile", "\"q0Mh3vQ5Yk1uI8oRr0yB6cXkF2n5w9ZtLwE4a7S1d3U=\"")]
    [TestCase("identity.authentication.keyFile", "\"/q0Mh3vQ5Yk1uI8oRr0yB6cXkF2n5w9ZtLwE4a7S1d3U=\"")]
    [TestCase("identity.authentication.keyFile", "\"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----\"")]
    [TestCase("identity.authentication.keyFile", "\"HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=q0Mh3vQ5\"")]
    [TestCase("identity.authentication.keyFile", "\"SharedAccessSignature sr=h.azure-devices.net&sig=abc&se=1\"")]
    [TestCase("identity.authentication.keyFile", "\"module.key\"")]
    [TestCase("identity.connectionString", "\"HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=q0Mh3vQ5\"")]
    [TestCase("hubHostName", "\"HostName=h.azure-devices.net;SharedAccessKey=q0Mh3vQ5\"")]
    [TestCase("sharedAccessKey", "\"q0Mh3vQ5Yk1uI8oRr0yB6cXkF2n5w9ZtLwE4a7S1d3U=\"")]
    public void Evaluate_InlineSecret_IsInvalid(string path, string json)
    {
        var local = ConfigurationFiles.Read(ConfigurationFiles.LocalSample).With(path, json);

        Assert.That(SchemaCatalog.Evaluate(SchemaCatalog.LocalConfiguration, local.ToJsonString()).IsValid, Is.False);
    }

    [Test]
    public void Evaluate_X509WithInlineCertificate_IsInvalid()
    {
        var local = ConfigurationFiles.Read(ConfigurationFiles.LocalSample).With(
            "identity.authentication",
            "{\"method\": \"x509\", \"certificateFile\": \"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\", "
                + "\"keyFile\": \"/etc/iot-security-agent/device.key\"}");

        Assert.That(SchemaCatalog.Evaluate(SchemaCatalog.LocalConfiguration, local.ToJsonString()).IsValid, Is.False);
    }

    [Test]
    public void Evaluate_DpsWithInlineKey_IsInvalid()
    {
        var local = ConfigurationFiles.Read(ConfigurationFiles.LocalSample)
            .With("hubHostName", null)
            .With("identity.deviceId", null)
            .With("identity.authentication", "{\"method\": \"dps\", \"idScope\": \"0ne00A1B2C3\", \"registrationId\": \"r1\", "
                + "\"credentials\": {\"method\": \"sasKey\", \"key\": \"q0Mh3vQ5Yk1uI8oRr0yB6cXkF2n5w9ZtLwE4a7S1d3U=\"}}");

        Assert.That(SchemaCatalog.Evaluate(SchemaCatalog.LocalConfiguration, local.ToJsonString()).IsValid, Is.False);
    }
}
