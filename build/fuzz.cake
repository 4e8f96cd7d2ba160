// Fuzz: the libFuzzer targets of libsecagent (agent-c-interop/native/fuzz), built with clang and
// run for a set time each from their seed corpus. A crash fails the task; its input is kept under
// artifacts/fuzz/<target>/ and must become a regression test. The report records what ran.
//   dotnet cake build.cake --target=Fuzz [--fuzz-seconds=60]

var fuzzSeconds = Argument("fuzz-seconds", 60);

Task("Fuzz")
    .Description("Runs each libFuzzer target of libsecagent for --fuzz-seconds (default 60).")
    .WithCriteria(() => CanBuildNative())
    .Does(() =>
{
    var buildDir = Paths.NativeBuild.Combine("fuzz");
    var outDir = Paths.Artifacts.Combine("fuzz");
    EnsureDirectoryExists(outDir);
    Run("cmake", new ProcessArgumentBuilder()
        .Append("-S").AppendQuoted(Paths.NativeSource.FullPath)
        .Append("-B").AppendQuoted(buildDir.FullPath)
        .Append("-Wno-dev").Append("--log-level=WARNING")
        .Append("-DSA_FUZZ=ON").Append("-DSA_BUILD_TESTS=OFF")
        .Append("-DCMAKE_C_COMPILER=clang").Append("-DCMAKE_BUILD_TYPE=Debug"));
    Run("cmake", new ProcessArgumentBuilder().Append("--build").AppendQuoted(buildDir.FullPath).Append("--parallel"));

    var report = new List<string> { $"libsecagent fuzzing, {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}, {fuzzSeconds} s per target" };
    var crashes = 0;
    foreach (var (target, seeds) in new[] { ("twin_parser_fuzz", "twin"), ("utf8_writer_fuzz", "utf8"), ("json_reader_fuzz", "json") })
    {
        var work = outDir.Combine(target);
        var corpus = work.Combine("corpus");
        EnsureDirectoryExists(corpus);
        var started = DateTime.UtcNow;
        IEnumerable<string> output;
        var exitCode = StartProcess(buildDir.CombineWithFilePath("fuzz/" + target).FullPath, new ProcessSettings
        {
            Arguments = new ProcessArgumentBuilder()
                .Append($"-max_total_time={fuzzSeconds}").Append("-max_len=4096").Append("-print_final_stats=1")
                .Append("-artifact_prefix=" + work.FullPath + "/")
                .AppendQuoted(corpus.FullPath)
                .AppendQuoted(Paths.NativeSource.Combine("fuzz/corpus").Combine(seeds).FullPath),
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }, out output, out var errors);
        var lines = errors.ToList();
        var runs = lines.FirstOrDefault(l => l.StartsWith("stat::number_of_executed_units:")) ?? "stat::number_of_executed_units: ?";
        var found = System.IO.Directory.GetFiles(work.FullPath, "crash-*").Length
                  + System.IO.Directory.GetFiles(work.FullPath, "leak-*").Length
                  + System.IO.Directory.GetFiles(work.FullPath, "timeout-*").Length;
        var line = $"{target}: exit {exitCode}, {(DateTime.UtcNow - started).TotalSeconds:F0} s, " +
                   $"{runs.Split(':').Last().Trim()} runs, {found} crash/leak/timeout input(s)";
        report.Add(line);
        Information(line);
        if (exitCode != 0 || found > 0)
        {
            crashes++;
            foreach (var l in lines.Where(l => l.Contains("ERROR") || l.Contains("SUMMARY")).Take(10))
                Error(l);
        }
    }
    System.IO.File.WriteAllLines(outDir.CombineWithFilePath("fuzz-report.txt").FullPath, report);
    if (crashes > 0)
        throw new Exception($"Fuzz: {crashes} target(s) found a crash; inputs are in {outDir.FullPath}");
});
