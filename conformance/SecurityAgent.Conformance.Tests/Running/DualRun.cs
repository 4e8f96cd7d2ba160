using SecurityAgent.Conformance.Tests.Agents;
using SecurityAgent.Conformance.Tests.Scripts;

namespace SecurityAgent.Conformance.Tests.Running;

/// <summary>Runs a script on both agents and checks that they conform to each other and to the schemas.</summary>
internal static class DualRun
{
    public static IConformanceAgent CreateManaged(Script script) => new ManagedAgent(script);

    public static IConformanceAgent CreateNative(Script script) => new NativeAgentDriver(script);

    /// <summary>The outputs of both agents, C# first.</summary>
    public static (IReadOnlyList<Output> Managed, IReadOnlyList<Output> Native) RunBoth(Script script) =>
        (ScriptRunner.Run(script, CreateManaged), ScriptRunner.Run(script, CreateNative));

    /// <summary>Null when both agents give identical outputs and every message validates, else a report.</summary>
    public static string? Check(Script script)
    {
        var (managed, native) = RunBoth(script);
        return OutputComparison.Difference("C#", managed, "C", native) ?? SchemaErrors(managed);
    }

    /// <summary>Null when every message validates against the schemas, else the first failure.</summary>
    public static string? SchemaErrors(IReadOnlyList<Output> outputs)
    {
        foreach (var output in outputs.Where(o => o.IsMessage))
        {
            if (MessageSchemas.Errors(output.Bytes) is { } errors)
            {
                return $"{output} does not validate:{Environment.NewLine}{errors}{Environment.NewLine}{OutputComparison.Show(output.Bytes)}";
            }
        }

        return null;
    }
}
