// The conformance suite: the C# core and libsecagent run the same fixtures and random scripts
// and must produce the same bytes (conformance/README.md). The Test target runs it with the rest
// of the solution; the Conformance target runs it alone, after building the native library.

DirectoryPath ConformanceProject() => Paths.Root.Combine("conformance/SecurityAgent.Conformance.Tests");

/// <summary>Builds libsecagent for the host (the suite loads it), then runs the conformance suite.</summary>
void RunConformance()
{
    if (CanBuildNative())
    {
        foreach (var flavour in NativeFlavours().Where(f => f.Publish))
        {
            BuildNative(flavour);
        }
    }

    var results = Paths.TestResults.Combine("conformance");
    CleanDirectory(results);
    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder()
            .Append("test").AppendQuoted(ConformanceProject().FullPath)
            .Append("--configuration").Append(configuration)
            .Append("--logger").AppendQuoted("trx")
            .Append("--logger").AppendQuoted("console;verbosity=normal")
            .Append("--results-directory").AppendQuoted(results.FullPath),
    });
    ledger.AddTrxFolder("Conformance", results);
    ledger.Print(Context);
    if (exitCode != 0 || ledger.Failed > 0)
        throw new Exception($"Conformance: {ledger.TotalsLine()}");
}
