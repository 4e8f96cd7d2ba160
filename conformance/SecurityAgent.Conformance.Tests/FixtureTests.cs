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

    [Test]
    public void Fixtures_Directory_IsNotEmpty() =>
        Assert.That(Fixtures().Count(), Is.GreaterThan(0));

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
