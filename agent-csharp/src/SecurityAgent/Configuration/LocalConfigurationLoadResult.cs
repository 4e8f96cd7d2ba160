namespace SecurityAgent.Configuration;

/// <summary>A loaded configuration, or everything wrong with the file.</summary>
/// <param name="Configuration">The configuration, when the file is valid.</param>
/// <param name="Problems">What is wrong; empty when valid.</param>
public sealed record LocalConfigurationLoadResult(LocalConfiguration? Configuration, IReadOnlyList<ConfigurationProblem> Problems)
{
    /// <summary>True when the file is valid and <see cref="Configuration"/> is set.</summary>
    public bool IsValid => Configuration is not null;
}
