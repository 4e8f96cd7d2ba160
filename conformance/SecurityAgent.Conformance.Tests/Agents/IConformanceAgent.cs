using SecurityAgent.Conformance.Tests.Scripts;

namespace SecurityAgent.Conformance.Tests.Agents;

/// <summary>
/// The one interface the runner drives both agents through: the calls of docs/core-rules.md §1
/// plus what the host does (FlushAll, connection state, send failures, reported properties).
/// </summary>
internal interface IConformanceAgent : IDisposable
{
    /// <summary>"C#" or "C".</summary>
    string Name { get; }

    bool ApplyTwin(byte[] json);

    void Submit(RawEvent raw);

    void SubmitLog(SubmitLogStep log);

    TickOutput Tick(long nowMs);

    IReadOnlyList<AgentMessage> FlushAll();

    byte[] ReportedProperties();

    void SetConnected(bool connected);

    void ReportSendFailure();
}
