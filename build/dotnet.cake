// The C# side: restore, build and NUnit suites of Monorepo.sln.

void BuildSolution()
{
    DotNetBuild(Paths.Solution.FullPath, new DotNetBuildSettings
    {
        Configuration = configuration,
        Verbosity = DotNetVerbosity.Minimal,
        NoLogo = true,
    });
}

/// <summary>
/// Runs every test project of the solution, one assembly after another (-m:1): several suites
/// change kernel state for a moment (audit rules and the audit daemon registration, network
/// namespaces) and must not overlap. Failures are recorded, not thrown.
/// </summary>
void RunDotNetSuites()
{
    var results = Paths.TestResults.Combine("nunit");
    CleanDirectory(results);
    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder()
            .Append("test").AppendQuoted(Paths.Solution.FullPath)
            .Append("--no-build").Append("--configuration").Append(configuration).Append("-m:1")
            .Append("--logger").AppendQuoted("trx")
            .Append("--logger").AppendQuoted("console;verbosity=minimal")
            .Append("--results-directory").AppendQuoted(results.FullPath),
    });
    var before = ledger.Results.Count;
    ledger.AddTrxFolder("NUnit", results);
    if (exitCode != 0 && ledger.Results.Skip(before).Sum(r => r.Failed) == 0)
        ledger.Add(new SuiteResult("NUnit (runner failed before reporting)", 0, 1, 0));
}
