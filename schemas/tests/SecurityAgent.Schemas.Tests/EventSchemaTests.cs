namespace SecurityAgent.Schemas.Tests;

/// <summary>Each event name has one schema that fixes its EventType and Category.</summary>
public sealed class EventSchemaTests
{
    private static readonly string[] AggregatableEvents = ["ProcessCreate", "ProcessTerminate", "ConnectionCreate"];

    private static IEnumerable<string> Names => EventSchemas.Names;

    [Test]
    public void Names_OfEventBase_AreTheFourteenContractEvents()
    {
        Assert.That(EventSchemas.Names, Is.EquivalentTo(new[]
        {
            "ProcessCreate", "ProcessTerminate", "ConnectionCreate", "Login", "ListeningPorts", "LocalUsers",
            "FirewallConfiguration", "OSBaseline", "SystemInformation", "Diagnostic", "ConfigurationError",
            "DroppedEventsStatistics", "MessageStatistics", "Heartbeat",
        }));
    }

    [TestCaseSource(nameof(Names))]
    public void EventSchema_ForName_ExistsAndFixesName(string name)
    {
        Assert.That(SchemaCatalog.SchemaFiles, Does.Contain(EventSchemas.FileOf(name)));
        Assert.That(EventSchemas.AllowedValues(name, "Name"), Is.EqualTo(new[] { name }));
    }

    [TestCaseSource(nameof(Names))]
    public void MessageSchema_ForName_DispatchesToEventSchema(string name)
    {
        var message = SchemaCatalog.ReadText(SchemaCatalog.Message);

        Assert.That(message, Does.Contain($"\"const\": \"{name}\""));
        Assert.That(message, Does.Contain($"\"$ref\": \"{EventSchemas.FileOf(name)}\""));
    }

    [TestCaseSource(nameof(Names))]
    public void Category_Aggregated_AllowedExactlyForAggregatableEvents(string name)
    {
        var categories = EventSchemas.AllowedValues(name, "Category");

        Assert.That(categories.Contains("Aggregated"), Is.EqualTo(AggregatableEvents.Contains(name)));
    }

    [TestCase("ProcessCreate", "Security", "Triggered,Aggregated")]
    [TestCase("ProcessTerminate", "Security", "Triggered,Aggregated")]
    [TestCase("ConnectionCreate", "Security", "Triggered,Aggregated")]
    [TestCase("Login", "Security", "Triggered")]
    [TestCase("ListeningPorts", "Security", "Periodic")]
    [TestCase("LocalUsers", "Security", "Periodic")]
    [TestCase("FirewallConfiguration", "Security", "Periodic")]
    [TestCase("OSBaseline", "Security", "Periodic")]
    [TestCase("SystemInformation", "Security", "Periodic")]
    [TestCase("Diagnostic", "Diagnostic", "Triggered")]
    [TestCase("ConfigurationError", "Operational", "Triggered")]
    [TestCase("DroppedEventsStatistics", "Operational", "Periodic")]
    [TestCase("MessageStatistics", "Operational", "Periodic")]
    [TestCase("Heartbeat", "Operational", "Periodic")]
    public void EventSchema_TypeAndCategory_MatchContract(string name, string eventType, string categories)
    {
        Assert.That(EventSchemas.AllowedValues(name, "EventType"), Is.EqualTo(new[] { eventType }));
        Assert.That(EventSchemas.AllowedValues(name, "Category"), Is.EqualTo(categories.Split(',')));
    }
}
