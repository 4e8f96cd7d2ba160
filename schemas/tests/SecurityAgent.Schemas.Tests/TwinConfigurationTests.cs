using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecurityAgent.Schemas.Tests;

/// <summary>The default twin is complete and valid, and agrees with the defaults the schema states.</summary>
public sealed class TwinConfigurationTests
{
    [Test]
    public void Evaluate_DefaultTwin_IsValid()
    {
        var results = SchemaCatalog.Evaluate(SchemaCatalog.TwinConfiguration, SchemaCatalog.ReadText(ConfigurationFiles.TwinDefault));

        Assert.That(results.IsValid, Is.True, () => SchemaCatalog.Describe(results));
    }

    [Test]
    public void DefaultTwin_Keys_AreExactlyTheSchemaKeysInOrder()
    {
        var keys = ConfigurationFiles.Read(ConfigurationFiles.TwinDefault).Select(p => p.Key);

        Assert.That(keys, Is.EqualTo(EventSchemas.TopLevelMembers(SchemaCatalog.TwinConfiguration)));
    }

    [Test]
    public void DefaultTwin_EveryValue_EqualsSchemaDefault()
    {
        var twin = ConfigurationFiles.Read(ConfigurationFiles.TwinDefault);
        using var schema = SchemaCatalog.ReadDocument(SchemaCatalog.TwinConfiguration);

        foreach (var key in schema.RootElement.GetProperty("properties").EnumerateObject())
        {
            var stated = JsonNode.Parse(key.Value.GetProperty("default").GetRawText());
            Assert.That(JsonNode.DeepEquals(twin[key.Name], stated), Is.True, key.Name);
        }
    }

    [Test]
    public void Schema_EveryEventName_HasPriorityKey()
    {
        var keys = EventSchemas.TopLevelMembers(SchemaCatalog.TwinConfiguration);

        Assert.That(keys, Is.SupersetOf(EventSchemas.Names.Select(n => "eventPriority" + n)));
    }

    [TestCase("ProcessCreate")]
    [TestCase("ConnectionCreate")]
    [TestCase("ProcessTerminate")]
    public void Schema_AggregatableEvent_HasEnabledAndIntervalKeys(string name)
    {
        var keys = EventSchemas.TopLevelMembers(SchemaCatalog.TwinConfiguration);

        Assert.That(keys, Is.SupersetOf(new[] { "aggregationEnabled" + name, "aggregationInterval" + name }));
    }

    [TestCase("eventPriorityHeartbeat", "\"Off\"")]
    [TestCase("maxMessageSizeInBytes", "204800")]
    [TestCase("maxLocalCacheSizeInBytes", "2560000")]
    [TestCase("highPriorityMessageFrequency", "\"PT7M\"")]
    public void DefaultTwin_Key_HasDocumentedDefault(string key, string value)
    {
        var twin = ConfigurationFiles.Read(ConfigurationFiles.TwinDefault);

        Assert.That(twin[key]!["value"]!.ToJsonString(), Is.EqualTo(value));
    }

    [Test]
    public void Evaluate_EmptyObject_IsValid()
    {
        Assert.That(SchemaCatalog.Evaluate(SchemaCatalog.TwinConfiguration, "{}").IsValid, Is.True);
    }

    [Test]
    public void Evaluate_NotAnObject_IsInvalid()
    {
        using var array = JsonDocument.Parse("[]");

        Assert.That(SchemaCatalog.Evaluate(SchemaCatalog.TwinConfiguration, array.RootElement).IsValid, Is.False);
    }
}
