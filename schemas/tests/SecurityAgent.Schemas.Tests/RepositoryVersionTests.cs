using System.Reflection;

namespace SecurityAgent.Schemas.Tests;

/// <summary>The repository's single version number reaches every assembly.</summary>
public sealed class RepositoryVersionTests
{
    [Test]
    public void AssemblyVersion_ComesFromVersionFile_IsSemanticVersion()
    {
        var version = typeof(RepositoryVersionTests).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        Assert.That(version, Does.Match(@"^\d+\.\d+\.\d+"));
    }
}
