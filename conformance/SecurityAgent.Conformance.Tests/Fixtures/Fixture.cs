using SecurityAgent.Conformance.Tests.Running;
using SecurityAgent.Conformance.Tests.Scripts;

namespace SecurityAgent.Conformance.Tests.Fixtures;

/// <summary>A fixture: a script and the outputs it must produce, exactly.</summary>
/// <param name="Name">The file name without extension.</param>
/// <param name="Description">What it shows.</param>
/// <param name="Script">The script.</param>
/// <param name="Expected">Every output, in order.</param>
internal sealed record Fixture(string Name, string Description, Script Script, IReadOnlyList<Output> Expected)
{
    public override string ToString() => Name;
}
