using System.Text;
using SecurityAgent.Conformance.Tests.Scripts;
using SecurityAgent.Core;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Ids;

namespace SecurityAgent.Conformance.Tests.Agents;

/// <summary>The C# core (SecurityAgent.Core), driven directly.</summary>
internal sealed class ManagedAgent : IConformanceAgent
{
    private static readonly UTF8Encoding _utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private readonly AgentCore _core;

    public ManagedAgent(Script script)
    {
        _core = AgentCore.Create(new AgentCoreOptions
        {
            AgentId = script.AgentId,
            AgentVersion = script.AgentVersion,
            UtcOffset = TimeSpan.FromMinutes(script.UtcOffsetMinutes),
            TimeProvider = new FixedTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(script.StartMs)),
            IdSource = new DeterministicEventIdSource(),
        });
    }

    public string Name => "C#";

    /// <summary>Decodes bytes as the collectors do: invalid UTF-8 becomes U+FFFD per maximal subpart.</summary>
    public static string Decode(byte[] bytes) => _utf8.GetString(bytes);

    public bool ApplyTwin(byte[] json) => _core.ApplyTwin(Decode(json)).Accepted;

    public void Submit(RawEvent raw)
    {
        var name = Enum.Parse<EventName>(raw.Name);
        var items = raw.Items.Select(i => PayloadFactory.Create(name, i)).ToArray();
        var time = DateTimeOffset.FromUnixTimeMilliseconds(raw.TimeMs);
        _core.SubmitEvent(EventCatalog.IsPeriodic(raw.Name)
            ? SecurityEvent.Periodic(name, time, items)
            : new SecurityEvent(name, EventCategory.Triggered, time, items));
    }

    public void SubmitLog(SubmitLogStep log) => _core.SubmitLog(new LogRecord(
        _core.Now, (DiagnosticSeverity)log.Severity, log.Message, log.ProcessId, log.ThreadId, log.CorrelationId));

    public TickOutput Tick(long nowMs)
    {
        var result = _core.Tick(DateTimeOffset.FromUnixTimeMilliseconds(nowMs));
        return new TickOutput(result.SnapshotDue, Convert(result.Messages));
    }

    public IReadOnlyList<AgentMessage> FlushAll() => Convert(_core.FlushAll());

    public byte[] ReportedProperties() => _core.ReportedProperties();

    public void SetConnected(bool connected) =>
        _core.ConnectionState = connected ? ConnectionState.Connected : ConnectionState.Disconnected;

    public void ReportSendFailure() => _core.ReportSendFailure();

    public void Dispose()
    {
    }

    private static AgentMessage[] Convert(IReadOnlyList<BuiltMessage> messages) =>
        messages.Select(m => new AgentMessage(m.Priority.ToString(), m.Body)).ToArray();
}
