using SecurityAgent.Conformance.Tests.Scripts;
using SecurityAgent.Native;

namespace SecurityAgent.Conformance.Tests.Agents;

/// <summary>The C core (libsecagent), driven through SecurityAgent.Native.</summary>
internal sealed class NativeAgentDriver : IConformanceAgent
{
    private readonly NativeAgent _agent;

    public NativeAgentDriver(Script script)
    {
        _agent = NativeAgent.Create(
            new NativeAgentOptions
            {
                AgentId = Guid.Parse(script.AgentId),
                AgentVersion = script.AgentVersion,
                Deterministic = true,
                UtcOffsetMinutes = script.UtcOffsetMinutes,
            },
            script.StartMs);
    }

    public string Name => "C";

    public bool ApplyTwin(byte[] json) => _agent.ApplyTwin(json) == SaStatus.Ok;

    public void Submit(RawEvent raw)
    {
        using var e = _agent.CreateEvent(raw.Name);
        e.SetTimestamp(raw.TimeMs);
        for (var i = 0; i < raw.Items.Count; i++)
        {
            if (i > 0)
            {
                e.AddItem();
            }

            foreach (var field in raw.Items[i].Fields)
            {
                if (field.Text is { } text)
                {
                    e.SetString(field.Name, text);
                }
                else if (field.Integer is { } integer)
                {
                    e.SetInteger(field.Name, integer);
                }
                else
                {
                    e.SetBoolean(field.Name, field.Boolean!.Value);
                }
            }

            foreach (var detail in raw.Items[i].Details)
            {
                e.AddDetail(detail.Key, detail.Value);
            }
        }

        _agent.Submit(e);
    }

    public void SubmitLog(SubmitLogStep log) => _agent.SubmitLog(
        log.Severity, log.Message, log.ProcessId, log.ThreadId, log.CorrelationId is null ? null : Guid.Parse(log.CorrelationId));

    public TickOutput Tick(long nowMs)
    {
        var result = _agent.Tick(nowMs);
        return new TickOutput(result.SnapshotDue, Take());
    }

    public IReadOnlyList<AgentMessage> FlushAll()
    {
        _agent.FlushAll();
        return Take();
    }

    public byte[] ReportedProperties() => _agent.GetReportedProperties();

    public void SetConnected(bool connected) => _agent.SetConnected(connected);

    public void ReportSendFailure() => _agent.RecordSendFailure();

    public void Dispose() => _agent.Dispose();

    private List<AgentMessage> Take()
    {
        var messages = new List<AgentMessage>();
        while (_agent.TryTakeMessage(out var m))
        {
            messages.Add(new AgentMessage(m!.Priority == SaQueueId.High ? "High" : "Low", m.Body));
        }

        return messages;
    }

}
