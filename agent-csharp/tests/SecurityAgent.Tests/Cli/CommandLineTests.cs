using SecurityAgent.Tests.Support;

namespace SecurityAgent.Tests.Cli;

/// <summary>The security-agent program's command line, run as a real process.</summary>
public sealed class CommandLineTests
{
    [Test]
    public async Task Version_PrintsTheRepositoryVersion()
    {
        var (exitCode, output) = await AgentProcess.RunAsync("--version");

        Assert.That(exitCode, Is.Zero);
        Assert.That(output.Trim(), Is.EqualTo(typeof(SecurityAgent.Outbox.Outbox).Assembly.GetName().Version!.ToString(3)));
    }

    [Test]
    public async Task UnknownCommand_ExitsWithUsageCode()
    {
        var (exitCode, output) = await AgentProcess.RunAsync("launch");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Does.Contain("launch"));
    }

    [Test]
    public async Task RunWithoutConfigOrLocalHub_ExitsWithUsageCodeAndSaysWhatToGive()
    {
        var (exitCode, output) = await AgentProcess.RunAsync("run");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Does.Contain("--config FILE, or --local-hub"));
    }

    [Test]
    public async Task RunWithRootThatDoesNotExist_ExitsWithUsageCodeAndNamesIt()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "no-such-root");

        var (exitCode, output) = await AgentProcess.RunAsync("run", "--config", Path.Combine(folder.Path, "agent.json"), "--root", missing);

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("no-such-root"));
    }

    [Test]
    public async Task ConfigValidate_InvalidFile_ListsProblemsAndExitsWithConfigurationCode()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "agent.json");
        await File.WriteAllTextAsync(file, """{"agentId":"not-a-guid","identity":{"type":"module"}}""");

        var (exitCode, output) = await AgentProcess.RunAsync("config", "validate", file);

        Assert.That(exitCode, Is.EqualTo(3));
        Assert.That(output, Does.Contain("agentId").And.Contains("problem"));
    }

    [Test]
    public async Task ConfigValidate_ValidFile_ExitsZero()
    {
        using var folder = new TempFolder();
        var key = Path.Combine(folder.Path, "k");
        await File.WriteAllTextAsync(key, "a2V5");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var file = Path.Combine(folder.Path, "agent.json");
        await File.WriteAllTextAsync(file, $$$"""
            {"agentId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
             "identity":{"type":"device","deviceId":"d1","authentication":{"method":"sasKey","keyFile":"{{{key}}}"}},
             "hubHostName":"contoso.azure-devices.net","outbox":{"path":"{{{folder.Path}}}/outbox"},
             "logging":{"level":"warning","destination":"console"}}
            """);

        var (exitCode, output) = await AgentProcess.RunAsync("config", "validate", file);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("valid"));
    }
}
