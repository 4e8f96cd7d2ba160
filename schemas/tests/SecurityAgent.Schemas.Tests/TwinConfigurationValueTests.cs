namespace SecurityAgent.Schemas.Tests;

/// <summary>The twin schema accepts the documented values and rejects everything out of range.</summary>
public sealed class TwinConfigurationValueTests
{
    [TestCase("maxMessageSizeInBytes", "{\"value\": 8192}")]
    [TestCase("maxMessageSizeInBytes", "{\"value\": 262144}")]
    [TestCase("maxMessageSizeInBytes", "{\"value\": 10000}")]
    [TestCase("maxLocalCacheSizeInBytes", "{\"value\": 8192}")]
    [TestCase("highPriorityMessageFrequency", "{\"value\": \"P1DT12H\"}")]
    [TestCase("snapshotFrequency", "{\"value\": \"P2W\"}")]
    [TestCase("lowPriorityMessageFrequency", "{\"value\": \"PT90M30S\"}")]
    [TestCase("eventPriorityLogin", "{\"value\": \"high\"}")]
    [TestCase("eventPriorityLogin", "{\"value\": \"OFF\"}")]
    [TestCase("eventPriorityHeartbeat", "{\"value\": \"Low\"}")]
    [TestCase("diagnosticEventsMinimumSeverity", "{\"value\": \"debug\"}")]
    [TestCase("aggregationMaxDistinctKeys", "{\"value\": 65536}")]
    [TestCase("maxMessageSizeInBytes", "null")]
    [TestCase("maxMessageSizeInBytes", "{\"value\": null}")]
    [TestCase("someFutureKey", "{\"value\": 42}")]
    public void Evaluate_AcceptedValue_IsValid(string key, string wrapper)
    {
        var twin = ConfigurationFiles.Read(ConfigurationFiles.TwinDefault).With(key, wrapper);

        var results = SchemaCatalog.Evaluate(SchemaCatalog.TwinConfiguration, twin.ToJsonString());

        Assert.That(results.IsValid, Is.True, () => SchemaCatalog.Describe(results));
    }

    [TestCase("maxMessageSizeInBytes", "{\"value\": 8191}")]
    [TestCase("maxMessageSizeInBytes", "{\"value\": 262145}")]
    [TestCase("maxMessageSizeInBytes", "{\"value\": \"204800\"}")]
    [TestCase("maxMessageSizeInBytes", "{\"value\": 204800.5}")]
    [TestCase("maxMessageSizeInBytes", "204800")]
    [TestCase("maxMessageSizeInBytes", "{}")]
    [TestCase("maxMessageSizeInBytes", "{\"value\": 204800, \"version\": 3}")]
    [TestCase("maxLocalCacheSizeInBytes", "{\"value\": 8191}")]
    [TestCase("maxLocalCacheSizeInBytes", "{\"value\": -1}")]
    [TestCase("highPriorityMessageFrequency", "{\"value\": \"PT0S\"}")]
    [TestCase("highPriorityMessageFrequency", "{\"value\": \"pt7m\"}")]
    [TestCase("highPriorityMessageFrequency", "{\"value\": \"00:07:00\"}")]
    [TestCase("highPriorityMessageFrequency", "{\"value\": \"P1M\"}")]
    [TestCase("highPriorityMessageFrequency", "{\"value\": \"PT1.5S\"}")]
    [TestCase("highPriorityMessageFrequency", "{\"value\": \"PT\"}")]
    [TestCase("highPriorityMessageFrequency", "{\"value\": \"PT1234567S\"}")]
    [TestCase("eventPriorityLogin", "{\"value\": \"Medium\"}")]
    [TestCase("eventPriorityHeartbeat", "{\"value\": 1}")]
    [TestCase("aggregationEnabledProcessCreate", "{\"value\": \"true\"}")]
    [TestCase("aggregationIntervalConnectionCreate", "{\"value\": 3600}")]
    [TestCase("aggregationMaxDistinctKeys", "{\"value\": 15}")]
    [TestCase("diagnosticEventsMinimumSeverity", "{\"value\": \"Verbose\"}")]
    [TestCase("heartbeatFrequency", "{\"value\": \"0\"}")]
    [TestCase("baselineCustomChecksFileHash", "{\"value\": \"abc123\"}")]
    [TestCase("hubResourceId", "{\"value\": 7}")]
    public void Evaluate_OutOfRangeValue_IsInvalid(string key, string wrapper)
    {
        var twin = ConfigurationFiles.Read(ConfigurationFiles.TwinDefault).With(key, wrapper);

        Assert.That(SchemaCatalog.Evaluate(SchemaCatalog.TwinConfiguration, twin.ToJsonString()).IsValid, Is.False);
    }

    [Test]
    public void Evaluate_CustomChecksEnabledWithoutFile_IsInvalid()
    {
        var twin = ConfigurationFiles.Read(ConfigurationFiles.TwinDefault)
            .With("baselineCustomChecksEnabled", "{\"value\": true}");

        Assert.That(SchemaCatalog.Evaluate(SchemaCatalog.TwinConfiguration, twin.ToJsonString()).IsValid, Is.False);
    }

    [Test]
    public void Evaluate_CustomChecksEnabledWithFileAndHash_IsValid()
    {
        var twin = ConfigurationFiles.Read(ConfigurationFiles.TwinDefault)
            .With("baselineCustomChecksEnabled", "{\"value\": true}")
            .With("baselineCustomChecksFilePath", "{\"value\": \"/etc/iot-security-agent/custom-checks.xml\"}")
            .With("baselineCustomChecksFileHash", "{\"value\": \"" + new string('a', 64) + "\"}");

        var results = SchemaCatalog.Evaluate(SchemaCatalog.TwinConfiguration, twin.ToJsonString());

        Assert.That(results.IsValid, Is.True, () => SchemaCatalog.Describe(results));
    }
}
