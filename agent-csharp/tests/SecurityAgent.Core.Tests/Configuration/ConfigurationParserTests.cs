using System.Text;
using SecurityAgent.Core.Configuration;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Tests.Support;

namespace SecurityAgent.Core.Tests.Configuration;

public class ConfigurationParserTests
{
    private static ConfigurationParseResult Parse(string json) => ConfigurationParser.Parse(json, AgentConfiguration.Default);

    [Test]
    public void Parse_EmptyObject_AllDefaults()
    {
        var result = Parse("{}");
        Assert.That(result.Errors, Is.Empty);
        var c = result.Accepted!;
        Assert.Multiple(() =>
        {
            Assert.That(c.HighPriorityMessageFrequency, Is.EqualTo(TimeSpan.FromMinutes(7)));
            Assert.That(c.LowPriorityMessageFrequency, Is.EqualTo(TimeSpan.FromHours(5)));
            Assert.That(c.SnapshotFrequency, Is.EqualTo(TimeSpan.FromHours(13)));
            Assert.That(c.MaxLocalCacheSizeInBytes, Is.EqualTo(2560000));
            Assert.That(c.MaxMessageSizeInBytes, Is.EqualTo(204800));
            Assert.That(c.PriorityOf(EventName.Login), Is.EqualTo(EventPriority.High));
            Assert.That(c.PriorityOf(EventName.ProcessCreate), Is.EqualTo(EventPriority.Low));
            Assert.That(c.PriorityOf(EventName.Heartbeat), Is.EqualTo(EventPriority.Off));
            Assert.That(c.AggregationEnabled(EventName.ConnectionCreate), Is.True);
            Assert.That(c.AggregationInterval(EventName.ProcessTerminate), Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(c.AggregationMaxDistinctKeys, Is.EqualTo(1024));
            Assert.That(c.DiagnosticEventsMinimumSeverity, Is.EqualTo(DiagnosticSeverity.Warning));
            Assert.That(c.HeartbeatFrequency, Is.EqualTo(TimeSpan.FromMinutes(15)));
        });
    }

    [Test]
    public void Parse_DefaultTwinFile_AcceptedWithoutErrors()
    {
        var json = File.ReadAllText(Path.Combine(MessageSchema.Folder, "defaults", "twin-configuration.default.json"));
        var result = Parse(json);
        Assert.That(result.Errors, Is.Empty);
        Assert.That(ReportedProperties.Write(result.Accepted!), Is.EqualTo(ReportedProperties.Write(AgentConfiguration.Default)));
    }

    [Test]
    public void Parse_NullKeyNullValueAndUnknownKey_DefaultsAndIgnored()
    {
        var result = Parse("""{"snapshotFrequency":null,"maxMessageSizeInBytes":{"value":null},"somethingNew":{"value":1}}""");
        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Accepted!.MaxMessageSizeInBytes, Is.EqualTo(204800));
    }

    [TestCase("8192", 8192)]
    [TestCase("8192.0", 8192)]
    [TestCase("8.192e3", 8192)]
    [TestCase("81920e-1", 8192)]
    [TestCase("16384.000000000000000000", 16384)]
    public void Parse_IntegerWithoutFractionalValue_Accepted(string spelling, long expected)
    {
        var result = Parse("""{"maxMessageSizeInBytes":{"value":""" + spelling + "}}");
        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Accepted!.MaxMessageSizeInBytes, Is.EqualTo(expected));
    }

    [TestCase("8192.5")]
    [TestCase("8192e-1")]
    [TestCase("1e999")]
    public void Parse_IntegerWithFractionalValueOrHuge_TypeMismatch(string spelling)
    {
        var result = Parse("""{"maxMessageSizeInBytes":{"value":""" + spelling + "}}");
        Assert.That(result.Accepted, Is.Null);
    }

    [Test]
    public void Parse_PrioritiesAnyCase_Accepted()
    {
        var result = Parse("""{"eventPriorityLogin":{"value":"lOW"},"eventPriorityProcessCreate":{"value":"HIGH"},"eventPriorityListeningPorts":{"value":"off"}}""");
        var c = result.Accepted!;
        Assert.That(c.PriorityOf(EventName.Login), Is.EqualTo(EventPriority.Low));
        Assert.That(c.PriorityOf(EventName.ProcessCreate), Is.EqualTo(EventPriority.High));
        Assert.That(c.PriorityOf(EventName.ListeningPorts), Is.EqualTo(EventPriority.Off));
    }

    [TestCase("""{"highPriorityMessageFrequency":{"value":"7 minutes"}}""", "highPriorityMessageFrequency", ConfigurationParser.DurationMessage, "PT7M")]
    [TestCase("""{"snapshotFrequency":{"value":13}}""", "snapshotFrequency", ConfigurationParser.DurationMessage, "PT13H")]
    [TestCase("""{"eventPriorityLogin":{"value":"Medium"}}""", "eventPriorityLogin", ConfigurationParser.PriorityMessage, "High")]
    [TestCase("""{"aggregationEnabledProcessCreate":{"value":"true"}}""", "aggregationEnabledProcessCreate", ConfigurationParser.BooleanMessage, "true")]
    [TestCase("""{"maxMessageSizeInBytes":{"value":"8192"}}""", "maxMessageSizeInBytes", "Expected an integer from 8192 to 262144.", "204800")]
    [TestCase("""{"maxMessageSizeInBytes":{"value":4096}}""", "maxMessageSizeInBytes", "Expected an integer from 8192 to 262144.", "204800")]
    [TestCase("""{"maxMessageSizeInBytes":{"value":262145}}""", "maxMessageSizeInBytes", "Expected an integer from 8192 to 262144.", "204800")]
    [TestCase("""{"maxMessageSizeInBytes":{"value":8192.5}}""", "maxMessageSizeInBytes", "Expected an integer from 8192 to 262144.", "204800")]
    [TestCase("""{"maxLocalCacheSizeInBytes":{"value":8191}}""", "maxLocalCacheSizeInBytes", "Expected an integer from 8192 to 2147483647.", "2560000")]
    [TestCase("""{"aggregationMaxDistinctKeys":{"value":15}}""", "aggregationMaxDistinctKeys", "Expected an integer from 16 to 65536.", "1024")]
    [TestCase("""{"hubResourceId":{"value":5}}""", "hubResourceId", ConfigurationParser.TextMessage, "")]
    [TestCase("""{"baselineCustomChecksFileHash":{"value":"abc"}}""", "baselineCustomChecksFileHash", ConfigurationParser.HashMessage, "")]
    [TestCase("""{"diagnosticEventsMinimumSeverity":{"value":"Verbose"}}""", "diagnosticEventsMinimumSeverity", ConfigurationParser.SeverityMessage, "Warning")]
    [TestCase("""{"snapshotFrequency":"PT1H"}""", "snapshotFrequency", ConfigurationParser.WrapperMessage, "PT13H")]
    [TestCase("""{"snapshotFrequency":{"value":"PT1H","extra":1}}""", "snapshotFrequency", ConfigurationParser.WrapperMessage, "PT13H")]
    [TestCase("""{"snapshotFrequency":{}}""", "snapshotFrequency", ConfigurationParser.WrapperMessage, "PT13H")]
    [TestCase("""{"baselineCustomChecksEnabled":{"value":true}}""", "baselineCustomChecksEnabled", ConfigurationParser.CustomChecksMessage, "false")]
    public void Parse_TypeMismatch_RejectedWithOneItemNamingTheKey(string json, string key, string message, string used)
    {
        var result = Parse(json);
        Assert.That(result.Accepted, Is.Null);
        Assert.That(result.Errors, Has.Count.EqualTo(1));
        var e = result.Errors[0];
        Assert.Multiple(() =>
        {
            Assert.That(e.ConfigurationName, Is.EqualTo(key));
            Assert.That(e.ErrorType, Is.EqualTo(ConfigurationErrorType.TypeMismatch));
            Assert.That(e.Message, Is.EqualTo(message));
            Assert.That(e.UsedConfiguration, Is.EqualTo(used));
        });
    }

    [TestCase("[]")]
    [TestCase("not json")]
    [TestCase("42")]
    public void Parse_NotAnObject_RejectedAsTwinConfiguration(string json)
    {
        var result = Parse(json);
        Assert.That(result.Accepted, Is.Null);
        Assert.That(result.Errors.Single().ConfigurationName, Is.EqualTo("TwinConfiguration"));
        Assert.That(result.Errors.Single().Message, Is.EqualTo(ConfigurationParser.NotObjectMessage));
    }

    [Test]
    public void Parse_SeveralBadKeys_OneItemPerKeyInKeyTableOrder()
    {
        var result = Parse("""{"eventPriorityLogin":{"value":1},"highPriorityMessageFrequency":{"value":"x"},"snapshotFrequency":{"value":"PT1H"}}""");
        Assert.That(result.Accepted, Is.Null);
        Assert.That(result.Errors.Select(e => e.ConfigurationName), Is.EqualTo(new[] { "highPriorityMessageFrequency", "eventPriorityLogin" }));
    }

    [Test]
    public void Parse_NotMultipleOf4096_AcceptedWithNotOptimal()
    {
        var result = Parse("""{"maxMessageSizeInBytes":{"value":10000}}""");
        Assert.That(result.Accepted!.MaxMessageSizeInBytes, Is.EqualTo(10000));
        var e = result.Errors.Single();
        Assert.That((e.ErrorType, e.ConfigurationName, e.UsedConfiguration, e.Message),
            Is.EqualTo((ConfigurationErrorType.NotOptimal, "maxMessageSizeInBytes", "10000", ConfigurationParser.NotOptimalMessage)));
    }

    [Test]
    public void Parse_MessageLargerThanCache_AcceptedWithConflict()
    {
        var result = Parse("""{"maxMessageSizeInBytes":{"value":16384},"maxLocalCacheSizeInBytes":{"value":8192}}""");
        Assert.That(result.Accepted, Is.Not.Null);
        var e = result.Errors.Single();
        Assert.That((e.ErrorType, e.ConfigurationName, e.Message),
            Is.EqualTo((ConfigurationErrorType.Conflict, "maxMessageSizeInBytes", ConfigurationParser.MessageOverCacheMessage)));
    }

    [Test]
    public void Parse_HighFrequencyLongerThanLow_AcceptedWithConflict()
    {
        var result = Parse("""{"highPriorityMessageFrequency":{"value":"PT6H"}}""");
        Assert.That(result.Accepted, Is.Not.Null);
        var e = result.Errors.Single();
        Assert.That((e.ErrorType, e.ConfigurationName, e.UsedConfiguration, e.Message),
            Is.EqualTo((ConfigurationErrorType.Conflict, "highPriorityMessageFrequency", "PT6H", ConfigurationParser.HighOverLowMessage)));
    }

    [Test]
    public void Parse_AllThreeSemanticProblems_ItemsInRuleOrder()
    {
        var result = Parse("""{"maxMessageSizeInBytes":{"value":10000},"maxLocalCacheSizeInBytes":{"value":9000},"highPriorityMessageFrequency":{"value":"P1D"}}""");
        Assert.That(result.Errors.Select(e => e.ErrorType), Is.EqualTo(new[] { ConfigurationErrorType.NotOptimal, ConfigurationErrorType.Conflict, ConfigurationErrorType.Conflict }));
    }

    [Test]
    public void ReportedProperties_Defaults_AllKeysWrappedInOrderAndSchemaValid()
    {
        var bytes = ReportedProperties.Write(AgentConfiguration.Default);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.That(text, Does.StartWith("{\"highPriorityMessageFrequency\":{\"value\":\"PT7M\"},\"lowPriorityMessageFrequency\":{\"value\":\"PT5H\"},"));
        Assert.That(text, Does.EndWith("\"diagnosticEventsMinimumSeverity\":{\"value\":\"Warning\"},\"aggregationMaxDistinctKeys\":{\"value\":1024}}"));
        Assert.That(MessageSchema.Validate("twin-configuration.schema.json", bytes), Is.Null);
    }

    [Test]
    public void ReportedProperties_AcceptedUpdate_ShowsCanonicalValues()
    {
        var c = Parse("""{"snapshotFrequency":{"value":"P1W"},"eventPriorityLogin":{"value":"off"},"hubResourceId":{"value":"/subscriptions/x"}}""").Accepted!;
        var text = Encoding.UTF8.GetString(ReportedProperties.Write(c));
        Assert.That(text, Does.Contain("\"snapshotFrequency\":{\"value\":\"P7D\"}"));
        Assert.That(text, Does.Contain("\"eventPriorityLogin\":{\"value\":\"Off\"}"));
        Assert.That(text, Does.Contain("\"hubResourceId\":{\"value\":\"/subscriptions/x\"}"));
    }
}
