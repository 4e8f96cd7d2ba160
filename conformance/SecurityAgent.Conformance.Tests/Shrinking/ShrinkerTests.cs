using CsCheck;
using SecurityAgent.Conformance.Tests.Agents;
using SecurityAgent.Conformance.Tests.Generation;
using SecurityAgent.Conformance.Tests.Running;
using SecurityAgent.Conformance.Tests.Scripts;

namespace SecurityAgent.Conformance.Tests.Shrinking;

/// <summary>The shrinker against a planted divergence: the random run's failure comes out small.</summary>
public sealed class ShrinkerTests
{
    private static bool Diverges(Script script) => OutputComparison.Difference(
        "C#", ScriptRunner.Run(script, s => new ManagedAgent(s)),
        "planted", ScriptRunner.Run(script, s => new PlantedDivergenceAgent(s))) is not null;

    /// <summary>The first random script that hits the planted divergence, as generated (before any shrinking).</summary>
    private static Script FirstFailing()
    {
        Script? found = null;
        try
        {
            ScriptGenerator.Scripts(maxSteps: 30).Sample(
                s =>
                {
                    var diverges = Diverges(s);
                    if (diverges && found is null && s.Steps.Count >= 10)
                    {
                        found = s;
                    }

                    return !diverges;
                },
                seed: "0N0XIzNsQ0O2",
                iter: 2000,
                threads: 1);
        }
        catch (CsCheckException)
        {
            // The planted divergence was found.
        }

        return found ?? throw new InvalidOperationException("The random scripts never hit the planted divergence in a long script.");
    }

    [Test]
    public void Shrink_PlantedDivergence_LeavesTheLoginAndOneOutputStep()
    {
        var found = FirstFailing();

        var (shrunk, checks) = Shrinker.Shrink(found, Diverges);

        TestContext.Out.WriteLine($"Generated script: {ScriptSize.Of(found)}; shrunk: {ScriptSize.Of(shrunk)} ({checks} checks).");
        Assert.That(Diverges(shrunk), Is.True);
        Assert.That(shrunk.Steps, Has.Count.LessThanOrEqualTo(2), "a Login and the step that builds a message");
        Assert.That(ScriptSize.Of(shrunk).Items, Is.EqualTo(1));
        Assert.That(shrunk.Steps.OfType<SubmitEventStep>().Single().Event.Name, Is.EqualTo("Login"));
        Assert.That(shrunk.InitialTwin, Is.Null);
    }

    [Test]
    public void Shrink_TextOfAFailingStep_IsCutToWhatTheFailureNeeds()
    {
        var login = new RawItem(
            [RawField.Of("ProcessId", 7), RawField.Of("Operation", "login"u8.ToArray()), RawField.Of("Executable", new byte[5000]),
             RawField.Of("Result", "Success"u8.ToArray()), RawField.Of("UserName", PlantedDivergenceAgent.Trigger)],
            []);
        var script = new Script("5b0d9d52-3a4f-4c1e-9f7e-0c2d41a8e6b3", "1.2.0", 330, ScriptGenerator.Start, null,
            [new TickStep(ScriptGenerator.Start), new SubmitEventStep(new RawEvent("Login", ScriptGenerator.Start, [login])), new FlushAllStep()]);

        var (shrunk, _) = Shrinker.Shrink(script, Diverges);

        var item = shrunk.Steps.OfType<SubmitEventStep>().Single().Event.Items.Single();
        Assert.That(item.Fields.Single(f => f.Name == "Executable").Text, Has.Length.EqualTo(1));
        Assert.That(item.Fields.Single(f => f.Name == "UserName").Text, Is.EqualTo(PlantedDivergenceAgent.Trigger));
        Assert.That(shrunk.UtcOffsetMinutes, Is.Zero);
        Assert.That(shrunk.Steps, Has.Count.EqualTo(2));
    }
}
