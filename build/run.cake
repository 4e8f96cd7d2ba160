// The main job: the agent against the embedded local hub, on this machine.
//   ./build.sh --target=Run [--duration=90s]
// Received messages stay in artifacts/run/hub; the agent prints the command that lists them.

void RunMainJob()
{
    var project = Paths.Root.CombineWithFilePath("agent-csharp/src/SecurityAgent/SecurityAgent.csproj");
    DotNetBuild(project.FullPath, new DotNetBuildSettings { Configuration = configuration, Verbosity = DotNetVerbosity.Quiet, NoLogo = true });

    var agent = Paths.Root.CombineWithFilePath($"agent-csharp/src/SecurityAgent/bin/{configuration}/net10.0/security-agent");
    var data = Paths.Artifacts.Combine("run");
    var arguments = new ProcessArgumentBuilder().Append("run").Append("--local-hub").Append("--data").AppendQuoted(data.FullPath);
    var duration = Argument("duration", "");
    if (duration.Length > 0)
        arguments.Append("--duration").AppendQuoted(duration);
    else
        Information("Run: the agent runs until Ctrl-C (or pass --duration=90s).");

    var exitCode = StartProcess(agent, new ProcessSettings { Arguments = arguments });
    if (exitCode != 0)
        throw new Exception($"Run: security-agent exited with {exitCode}");
}
