using System.Globalization;
using CsCheck;
using SecurityAgent.Conformance.Tests.Fixtures;
using SecurityAgent.Conformance.Tests.Generation;
using SecurityAgent.Conformance.Tests.Running;
using SecurityAgent.Conformance.Tests.Scripts;
using SecurityAgent.Conformance.Tests.Shrinking;

namespace SecurityAgent.Conformance.Tests;

/// <summary>
/// The differential run: seeded random scripts through both agents. On a divergence CsCheck shrinks
/// the script, <see cref="Shrinker"/> cuts it down further (steps, items, details, texts), and the
/// failure prints the smallest one as a ready fixture (with the C# outputs as
/// its expectation, to be reviewed), the seed to replay it, and the first differing byte.
/// </summary>
public sealed class RandomScriptTests
{
    /// <summary>The CsCheck seed of the CI run; CONFORMANCE_SEED replaces it (any CsCheck seed, e.g. from a failure).</summary>
    private const string DefaultSeed = "0N0XIzNsQ0O2";

    private static string? Seed => Environment.GetEnvironmentVariable("CONFORMANCE_SEED") is { Length: > 0 } s ? s : DefaultSeed;

    private static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("CONFORMANCE_ITERATIONS"), CultureInfo.InvariantCulture, out var n) ? n : 3000;

    [Test]
    public void RandomScripts_BothAgents_ProduceIdenticalBytes()
    {
        var messages = 0L;
        ScriptGenerator.Scripts(maxSteps: 30).Sample(
            script =>
            {
                var (managed, native) = DualRun.RunBoth(script);
                Interlocked.Add(ref messages, managed.Count(o => o.IsMessage));
                return Conforms(managed, native);
            },
            seed: Seed,
            iter: Iterations,
            threads: 1,
            print: Describe);
        Assert.That(messages, Is.GreaterThan(Iterations), "the scripts must produce messages to compare");
        TestContext.Out.WriteLine($"{Iterations} scripts, {messages} messages compared byte for byte (seed {Seed}).");
    }

    private static bool Conforms(IReadOnlyList<Output> managed, IReadOnlyList<Output> native) =>
        OutputComparison.Difference("C#", managed, "C", native) is null && DualRun.SchemaErrors(managed) is null;

    /// <summary>The failure report: the shrinking, the difference, then the smallest script as a fixture.</summary>
    private static string Describe(Script found)
    {
        var (script, checks) = Shrinker.Shrink(found, s =>
        {
            var (m, n) = DualRun.RunBoth(s);
            return !Conforms(m, n);
        });
        var (managed, native) = DualRun.RunBoth(script);
        var difference = OutputComparison.Difference("C#", managed, "C", native) ?? DualRun.SchemaErrors(managed) ?? "(no difference)";
        var fixture = FixtureWriter.Write("Found by the random run: describe what it shows.", script, managed);
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "conformance-divergence.json");
        File.WriteAllText(path, fixture);
        File.WriteAllText(Path.ChangeExtension(path, ".c.json"), FixtureWriter.Write("The same script with the C outputs.", script, native));
        return Environment.NewLine + $"Shrunk from {ScriptSize.Of(found)} to {ScriptSize.Of(script)} ({checks} checks)." +
            Environment.NewLine + difference + Environment.NewLine +
            $"As a fixture (expected = the C# outputs; review them), also written to {path}:" + Environment.NewLine + fixture;
    }
}
