using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SecurityAgent.Schemas.Tests;

/// <summary>The repository's single version number reaches every assembly, in the form AgentVersion allows.</summary>
public sealed class RepositoryVersionTests
{
    [Test]
    public void AssemblyVersion_ComesFromVersionFile_MatchesAgentVersionPattern()
    {
        var version = typeof(RepositoryVersionTests).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        using var message = SchemaCatalog.ReadDocument(SchemaCatalog.Message);
        var pattern = message.RootElement.GetProperty("properties").GetProperty("AgentVersion").GetProperty("pattern").GetString()!;

        Assert.That(version, Is.Not.Null);
        Assert.That(Regex.IsMatch(version!, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)), Is.True, version);
    }
}
