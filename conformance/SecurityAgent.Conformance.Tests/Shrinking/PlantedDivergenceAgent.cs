using SecurityAgent.Conformance.Tests.Agents;
using SecurityAgent.Conformance.Tests.Scripts;

namespace SecurityAgent.Conformance.Tests.Shrinking;

/// <summary>
/// The C# core with a planted bug, to show that shrinking works: once a Login whose UserName is
/// <see cref="Trigger"/> was submitted, every message it builds ends one byte short.
/// </summary>
internal sealed class PlantedDivergenceAgent(Script script) : IConformanceAgent
{
    public static readonly byte[] Trigger = "/usr/bin/p2"u8.ToArray();

    private readonly ManagedAgent _inner = new(script);
    private bool _planted;

    public string Name => "planted";

    public bool ApplyTwin(byte[] json) => _inner.ApplyTwin(json);

    public void Submit(RawEvent raw)
    {
        _planted |= raw.Name == "Login"
            && raw.Items.Any(i => i.Fields.Any(f => f.Name == "UserName" && f.Text is { } t && t.AsSpan().SequenceEqual(Trigger)));
        _inner.Submit(raw);
    }

    public void SubmitLog(SubmitLogStep log) => _inner.SubmitLog(log);

    public TickOutput Tick(long nowMs)
    {
        var output = _inner.Tick(nowMs);
        return output with { Messages = Plant(output.Messages) };
    }

    public IReadOnlyList<AgentMessage> FlushAll() => Plant(_inner.FlushAll());

    public byte[] ReportedProperties() => _inner.ReportedProperties();

    public void SetConnected(bool connected) => _inner.SetConnected(connected);

    public void ReportSendFailure() => _inner.ReportSendFailure();

    public void Dispose() => _inner.Dispose();

    private IReadOnlyList<AgentMessage> Plant(IReadOnlyList<AgentMessage> messages) =>
        _planted ? messages.Select(m => m with { Body = m.Body[..^1] }).ToArray() : messages;
}
