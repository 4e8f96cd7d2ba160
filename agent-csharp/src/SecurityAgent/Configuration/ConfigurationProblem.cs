namespace SecurityAgent.Configuration;

/// <summary>One thing wrong with a configuration file: where, and what to do about it.</summary>
/// <param name="Field">The field, as a dotted path (<c>identity.authentication.keyFile</c>), or the file itself.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record ConfigurationProblem(string Field, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Field}: {Message}";
}
