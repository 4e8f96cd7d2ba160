using SecurityAgent.Conformance.Tests.Agents;
using SecurityAgent.Conformance.Tests.Scripts;

namespace SecurityAgent.Conformance.Tests.Running;

/// <summary>Drives one agent through a script and records every output.</summary>
internal static class ScriptRunner
{
    public static IReadOnlyList<Output> Run(Script script, Func<Script, IConformanceAgent> create)
    {
        using var agent = create(script);
        var outputs = new List<Output>();
        if (script.InitialTwin is { } twin)
        {
            outputs.Add(TwinOutcome(-1, agent.ApplyTwin(twin)));
        }

        for (var i = 0; i < script.Steps.Count; i++)
        {
            Run(agent, i, script.Steps[i], outputs);
        }

        return outputs;
    }

    private static void Run(IConformanceAgent agent, int i, Step step, List<Output> outputs)
    {
        switch (step)
        {
            case SubmitEventStep s:
                agent.Submit(s.Event);
                break;
            case SubmitLogStep s:
                agent.SubmitLog(s);
                break;
            case TickStep s:
                var tick = agent.Tick(s.NowMs);
                if (tick.SnapshotDue)
                {
                    outputs.Add(new Output(i, "snapshot due", []));
                }

                AddMessages(i, tick.Messages, outputs);
                break;
            case TwinStep s:
                outputs.Add(TwinOutcome(i, agent.ApplyTwin(s.Json)));
                break;
            case FlushAllStep:
                AddMessages(i, agent.FlushAll(), outputs);
                break;
            case ReportedStep:
                outputs.Add(new Output(i, "reported", agent.ReportedProperties()));
                break;
            case ConnectedStep s:
                agent.SetConnected(s.Connected);
                break;
            case SendFailureStep:
                agent.ReportSendFailure();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown step.");
        }
    }

    private static Output TwinOutcome(int step, bool accepted) => new(step, accepted ? "twin accepted" : "twin rejected", []);

    private static void AddMessages(int step, IReadOnlyList<AgentMessage> messages, List<Output> outputs)
    {
        foreach (var m in messages)
        {
            outputs.Add(new Output(step, "message " + m.Priority, m.Body));
        }
    }
}
