using SecurityAgent.Conformance.Tests.Fixtures;
using SecurityAgent.Conformance.Tests.Running;

namespace SecurityAgent.Conformance.Tests;

/// <summary>Every fixture in conformance/fixtures: both agents give exactly the expected outputs, which validate.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class FixtureTests
{
    private static readonly string _directory = Path.Combine(AppContext.BaseDirectory, "fixtures");

    public static IEnumerable<TestCaseData> Fixtures() => Directory
        .GetFiles(_directory, "*.json", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(f => new TestCaseData(Path.GetRelativePath(_directory, f)).SetName(Path.GetFileNameWithoutExtension(f)));

    /// <summary>The issue's floor: at least this many hand-written fixtures.</summary>
    private const int MinimumFixtures = 60;

    [Test]
    public void Fixtures_Directory_HoldsAtLeastSixtyFixtures() =>
        Assert.That(Fixtures().Count(), Is.GreaterThanOrEqualTo(MinimumFixtures));

    [Test]
    public void Fixtures_Names_AreNumberedAndUnique()
    {
        var names = Fixtures().Select(f => (string)f.Arguments[0]!).ToArray();
        Assert.That(names, Has.All.Match(@"^\d{3}-[a-z0-9]+(-[a-z0-9]+)*\.json$"));
        Assert.That(names.Select(n => n[..3]), Is.Unique);
    }

    [TestCaseSource(nameof(Fixtures))]
    public void CSharpCore_Fixture_ProducesTheExpectedBytes(string file) => Expect(file, DualRun.CreateManaged, "C#");

    [TestCaseSource(nameof(Fixtures))]
    public void CCore_Fixture_ProducesTheExpectedBytes(string file) => Expect(file, DualRun.CreateNative, "C");

    [TestCaseSource(nameof(Fixtures))]
    public void Expected_Fixture_ValidatesAgainstTheSchemas(string file)
    {
        var fixture = FixtureReader.Read(Path.Combine(_directory, file));
        Assert.That(DualRun.SchemaErrors(fixture.Expected), Is.Null);
    }

    private static void Expect(string file, Func<Scripts.Script, Agents.IConformanceAgent> create, string name)
    {
        var fixture = FixtureReader.Read(Path.Combine(_directory, file));
        var actual = ScriptRunner.Run(fixture.Script, create);
        var difference = OutputComparison.Difference("expected", fixture.Expected, name, actual);
        Assert.That(difference, Is.Null, $"{fixture.Name}: {fixture.Description}");
    }
}
