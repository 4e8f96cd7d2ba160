using System.CommandLine;
using SecurityAgent.Configuration;

namespace SecurityAgent.Cli;

/// <summary><c>security-agent config validate FILE</c>: checks a local configuration file.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The local configuration file (JSON)." };
        var validate = new Command("validate", "Checks a local configuration file against the schema and the files it names; prints every problem with its field and the fix.")
        {
            file,
        };
        validate.SetAction(parse => Validate(parse.GetRequiredValue(file), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return new Command("config", "Works with the local configuration file.") { validate };
    }

    internal static int Validate(FileInfo file, TextWriter output, TextWriter error)
    {
        var result = LocalConfigurationLoader.Load(file.FullName);
        if (result.IsValid)
        {
            output.WriteLine($"{file.FullName}: valid");
            return ExitCodes.Success;
        }
        error.WriteLine($"{file.FullName}: {result.Problems.Count} problem(s)");
        foreach (var problem in result.Problems)
            error.WriteLine($"  {problem}");
        return ExitCodes.InvalidConfiguration;
    }
}
