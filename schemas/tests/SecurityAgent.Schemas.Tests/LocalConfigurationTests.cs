namespace SecurityAgent.Schemas.Tests;

/// <summary>The local configuration schema accepts every supported identity shape.</summary>
public sealed class LocalConfigurationTests
{
    private const string X509 =
        "{\"method\": \"x509\", \"certificateFile\": \"/etc/iot-security-agent/device.pem\", \"keyFile\": \"/etc/iot-security-agent/device.key\"}";

    [Test]
    public void Evaluate_Sample_IsValid()
    {
        AssertValid(ConfigurationFiles.Read(ConfigurationFiles.LocalSample).ToJsonString());
    }

    [Test]
    public void Evaluate_DeviceWithX509_IsValid()
    {
        var local = ConfigurationFiles.Read(ConfigurationFiles.LocalSample)
            .With("identity.type", "\"device\"")
            .With("identity.moduleId", null)
            .With("identity.authentication", X509);

        AssertValid(local.ToJsonString());
    }

    [Test]
    public void Evaluate_DpsWithoutHubOrDeviceId_IsValid()
    {
        var local = ConfigurationFiles.Read(ConfigurationFiles.LocalSample)
            .With("hubHostName", null)
            .With("identity.deviceId", null)
            .With("identity.authentication", "{\"method\": \"dps\", \"idScope\": \"0ne00A1B2C3\", \"registrationId\": \"edge-gateway-07\", "
                + "\"globalEndpoint\": \"global.azure-devices-provisioning.net\", \"credentials\": " + X509 + "}");

        AssertValid(local.ToJsonString());
    }

    [Test]
    public void Evaluate_GatewayCaFileWebSocketsAndFileLog_IsValid()
    {
        var local = ConfigurationFiles.Read(ConfigurationFiles.LocalSample)
            .With("gatewayHostName", "\"edge-gateway.factory.local\"")
            .With("caFile", "\"C:\\\\ProgramData\\\\IotSecurityAgent\\\\ca.pem\"")
            .With("transport.protocol", "\"mqttWebSockets\"")
            .With("logging.destination", "\"file\"")
            .With("logging.filePath", "\"/var/log/iot-security-agent/agent.log\"");

        AssertValid(local.ToJsonString());
    }

    [Test]
    public void Evaluate_LocalHubWithPort_IsValid()
    {
        var local = ConfigurationFiles.Read(ConfigurationFiles.LocalSample).With("hubHostName", "\"localhost:8883\"");

        AssertValid(local.ToJsonString());
    }

    [TestCase("agentId", "\"7C9E6679-7425-40DE-944B-E07FC1F90AE7\"")]
    [TestCase("hubHostName", null)]
    [TestCase("identity.deviceId", null)]
    [TestCase("identity.type", "\"SecurityModule\"")]
    [TestCase("outbox.maxSizeInBytes", "262143")]
    [TestCase("outbox.path", "\"outbox\"")]
    [TestCase("logging.destination", "\"file\"")]
    [TestCase("logging.level", "\"Information\"")]
    [TestCase("transport.protocol", "\"amqp\"")]
    [TestCase("remoteConfigurationObjectName", "\"\"")]
    [TestCase("unknownSetting", "true")]
    public void Evaluate_BadSetting_IsInvalid(string path, string? json)
    {
        var local = ConfigurationFiles.Read(ConfigurationFiles.LocalSample).With(path, json);

        Assert.That(SchemaCatalog.Evaluate(SchemaCatalog.LocalConfiguration, local.ToJsonString()).IsValid, Is.False);
    }

    private static void AssertValid(string json)
    {
        var results = SchemaCatalog.Evaluate(SchemaCatalog.LocalConfiguration, json);
        Assert.That(results.IsValid, Is.True, () => SchemaCatalog.Describe(results));
    }
}
