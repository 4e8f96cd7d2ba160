// The benchmarks of bench/: BenchmarkDotNet over the agent core, results under artifacts/bench.
//   ./build.sh --target=Bench [--bench-filter=*RealisticMix*] [--bench-job=short]

void RunBenchmarks()
{
    var filter = Argument("bench-filter", "*");
    var job = Argument("bench-job", "default");
    var project = Paths.Root.CombineWithFilePath("bench/SecurityAgent.Bench/SecurityAgent.Bench.csproj");
    var artifacts = Paths.Artifacts.Combine("bench");
    var arguments = new ProcessArgumentBuilder()
        .Append("run").Append("--configuration").Append("Release")
        .Append("--project").AppendQuoted(project.FullPath)
        .Append("--")
        .Append("--filter").AppendQuoted(filter)
        .Append("--artifacts").AppendQuoted(artifacts.FullPath);
    if (job != "default")
    {
        arguments.Append("--job").Append(job);
    }

    var exitCode = StartProcess("dotnet", new ProcessSettings { Arguments = arguments });
    if (exitCode != 0) throw new Exception($"Bench: the benchmark run failed (exit code {exitCode}).");
    Information($"Bench: reports in {artifacts.FullPath}/results; record the figures in bench/README.md.");
}
