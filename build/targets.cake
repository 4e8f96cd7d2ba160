// The public targets. Private steps start with "__".

Task("Build")
    .Description("Builds every C# project of Monorepo.sln.")
    .Does(() => BuildSolution());

Task("Native")
    .Description("Configures, builds and tests libsecagent (CTest) for the host and for i386.")
    .WithCriteria(() => CanBuildNative())
    .Does(() =>
    {
        foreach (var flavour in NativeFlavours())
        {
            BuildNative(flavour);
            TestNative(flavour);
        }
        ledger.Print(Context);
        if (ledger.Failed > 0) throw new Exception($"Native: {ledger.TotalsLine()}");
    });

Task("Test")
    .Description("Runs every suite (CTest, NUnit, schema tests) and ends with one line totalling them.")
    .Does(() =>
    {
        PrintTotalsLastOnExit();
        // Native first: the .NET wrapper's tests load the libsecagent it publishes.
        if (CanBuildNative())
        {
            foreach (var flavour in NativeFlavours())
            {
                BuildNative(flavour);
                TestNative(flavour);
            }
        }
        BuildSolution();
        // The C daemon's end-to-end tests use the C# local hub, built just now.
        if (CanBuildNative())
        {
            foreach (var flavour in NativeFlavours().Where(f => f.EndToEnd))
                TestNative(flavour, endToEnd: true);
        }
        RunDotNetSuites();

        Console.WriteLine();
        Console.WriteLine("Test suites:");
        ledger.Print(Context);
        if (ledger.Passed + ledger.Failed == 0)
            throw new Exception("Test: no test ran.");
        if (ledger.Failed > 0) throw new Exception("Test: some tests failed.");
    });

Task("Conformance")
    .Description("Both agents, the same input, identical bytes.")
    .Does(() => RunConformance());

Task("Installers")
    .Description("Linux packages and the Windows MSI, chosen by installers/architectures.json.")
    .Does(() => ArrivesLater("Installers", "the installers", "the installers issue"));

Task("Bench")
    .Description("Benchmarks, recorded in bench/.")
    .Does(() => RunBenchmarks());

Task("Run")
    .Description("The main job: the agent against the embedded local hub.")
    .Does(() => RunMainJob());

Task("Default").IsDependentOn("Build");
