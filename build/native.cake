// The C side: libsecagent configured, built and tested with CTest for every native flavour.

/// <summary>One way of building agent-c-interop/native. EndToEnd: its CTest tests labelled
/// "e2e" (security-agent-c against the local hub and mosquitto) run after the C# build.</summary>
public sealed record NativeFlavour(string Name, string Rid, string[] CMakeArguments, bool Publish, bool EndToEnd = false);

IEnumerable<NativeFlavour> NativeFlavours()
{
    yield return new NativeFlavour("linux-x64", "linux-x64", new[] { "-DCMAKE_BUILD_TYPE=Release" }, Publish: true, EndToEnd: true);
    yield return new NativeFlavour("linux-x64-sanitize", "linux-x64",
        new[] { "-DCMAKE_BUILD_TYPE=Debug", "-DSA_SANITIZE=ON" }, Publish: false);
    // The same suites under valgrind memcheck: any error or leak fails the CTest test.
    yield return new NativeFlavour("linux-x64-valgrind", "linux-x64",
        new[] { "-DCMAKE_BUILD_TYPE=Debug", "-DSA_VALGRIND=ON" }, Publish: false);
    yield return new NativeFlavour("linux-x86", "linux-x86",
        new[] { "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_TOOLCHAIN_FILE=" + Paths.NativeSource.CombineWithFilePath("cmake/i386-linux-gnu.cmake").FullPath },
        Publish: true, EndToEnd: true);
    // armhf, cross-built with clang; CTest runs the unit tests under qemu-arm.
    yield return new NativeFlavour("linux-arm", "linux-arm",
        new[] { "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_TOOLCHAIN_FILE=" + Paths.NativeSource.CombineWithFilePath("cmake/armhf-linux-gnueabihf.cmake").FullPath },
        Publish: false);
}

void Run(string tool, ProcessArgumentBuilder arguments, DirectoryPath? workingDirectory = null,
         IDictionary<string, string>? environment = null)
{
    var exitCode = StartProcess(tool, new ProcessSettings
    {
        Arguments = arguments,
        WorkingDirectory = workingDirectory,
        EnvironmentVariables = environment,
    });
    if (exitCode != 0)
        throw new Exception($"{tool} {arguments.Render()} exited with {exitCode}");
}

void BuildNative(NativeFlavour flavour)
{
    var buildDir = Paths.NativeBuild.Combine(flavour.Name);
    var configure = new ProcessArgumentBuilder()
        .Append("-S").AppendQuoted(Paths.NativeSource.FullPath)
        .Append("-B").AppendQuoted(buildDir.FullPath)
        .Append("-Wno-dev").Append("--log-level=WARNING");
    foreach (var argument in flavour.CMakeArguments) configure.AppendQuoted(argument);
    Run("cmake", configure);
    Run("cmake", new ProcessArgumentBuilder().Append("--build").AppendQuoted(buildDir.FullPath).Append("--parallel"));

    if (flavour.Publish)
    {
        var target = Paths.NativeRuntimes.Combine(flavour.Rid).Combine("native");
        EnsureDirectoryExists(target);
        CopyFile(buildDir.CombineWithFilePath("libsecagent.so"), target.CombineWithFilePath("libsecagent.so"));
    }
}

/// <summary>Runs CTest for one flavour; failures are recorded in the ledger, not thrown.
/// endToEnd false: every test but those labelled "e2e"; true: only those (they need the C#
/// local hub, so the Test target runs them after the C# build).</summary>
void TestNative(NativeFlavour flavour, bool endToEnd = false)
{
    var buildDir = Paths.NativeBuild.Combine(flavour.Name);
    var name = endToEnd ? flavour.Name + "-e2e" : flavour.Name;
    var reports = Paths.TestResults.Combine("ctest").Combine(name);
    CleanDirectory(reports);
    var junit = Paths.TestResults.Combine("ctest").CombineWithFilePath(name + ".xml");
    StartProcess("ctest", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder()
            .Append("--test-dir").AppendQuoted(buildDir.FullPath)
            .Append("--output-on-failure")
            .Append(endToEnd ? "-L" : "-LE").Append("e2e")
            .Append("--output-junit").AppendQuoted(junit.FullPath),
        EnvironmentVariables = new Dictionary<string, string>
        {
            ["CMOCKA_MESSAGE_OUTPUT"] = "XML",
            ["CMOCKA_XML_FILE"] = reports.FullPath + "/%g.xml",
        },
    });
    ledger.AddCTest($"CTest {name}", junit, reports);
}

bool CanBuildNative()
{
    if (!IsRunningOnLinux())
    {
        Warning("Native: the C agent builds on Linux only; skipped on this host.");
        return false;
    }
    return true;
}
