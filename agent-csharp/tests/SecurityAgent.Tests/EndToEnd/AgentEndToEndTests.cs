using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecurityAgent.Core.Tests.Support;
using SecurityAgent.Tests.Support;

namespace SecurityAgent.Tests.EndToEnd;

/// <summary>
/// The real security-agent program against the real local hub over TLS on loopback: messages
/// arrive as security messages, the twin reconfigures the running agent, a malformed twin is
/// refused.
/// </summary>
[NonParallelizable]
public sealed class AgentEndToEndTests
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Run_AgainstLocalHub_MessagesArriveAsSchemaValidSecurityMessages()
    {
        await using var harness = await AgentHubHarness.StartAsync();
        using var agent = harness.StartAgent();

        var messages = await Eventually.GetAsync(() => harness.Messages() is { Count: >= 2 } m ? m : null, "two messages");
        await agent.TerminateAsync(StopTimeout);

        Assert.That(agent.ExitCode, Is.Zero, agent.Output);
        foreach (var message in messages)
        {
            Assert.That(message.InterfaceId, Is.EqualTo("urn:azureiot:Security:SecurityAgent:1"));
            Assert.That(message.ContentType, Is.EqualTo("application/json"));
            Assert.That(message.ContentEncoding, Is.EqualTo("utf-8"));
            Assert.That(message.MessageId, Does.Match("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
            Assert.That(MessageSchema.ValidateMessage(message.Body), Is.Null, Encoding.UTF8.GetString(message.Body));
        }
        var names = harness.Events().Select(e => e.GetProperty("Name").GetString()).ToHashSet();
        Assert.That(names, Is.SupersetOf(new[] { "SystemInformation", "DroppedEventsStatistics", "MessageStatistics" }));
    }

    [Test]
    public async Task TwinPatchThroughRestApi_ChangesTheRunningAgentAndIsReported()
    {
        await using var harness = await AgentHubHarness.StartAsync();
        using var agent = harness.StartAgent();
        await Eventually.TrueAsync(() => harness.Messages().Count >= 1, "a first message");
        Assert.That(HeartbeatsSoFar(harness), Is.Zero, "Heartbeat is Off by default");

        var patch = AgentHubHarness.FastSchedule();
        patch["eventPriorityHeartbeat"] = new JsonObject { ["value"] = "High" };
        patch["heartbeatFrequency"] = new JsonObject { ["value"] = "PT1S" };
        await harness.PatchConfigurationViaRestAsync(patch);

        await Eventually.TrueAsync(() => HeartbeatsSoFar(harness) > 0, "a Heartbeat event after the patch");
        var reported = await Eventually.GetAsync(
            () => harness.ReportedConfigurationViaRestAsync().GetAwaiter().GetResult() is { } r
                && r["eventPriorityHeartbeat"]?["value"]?.GetValue<string>() == "High" ? r : null,
            "the patch in reported properties");
        Assert.That(reported["heartbeatFrequency"]!["value"]!.GetValue<string>(), Is.EqualTo("PT1S"));
        Assert.That(agent.HasExited, Is.False, "the agent applied the twin without a restart");
        await agent.TerminateAsync(StopTimeout);
    }

    [Test]
    public async Task MalformedTwin_YieldsConfigurationErrorAndTheAgentKeepsItsConfiguration()
    {
        await using var harness = await AgentHubHarness.StartAsync();
        using var agent = harness.StartAgent();
        await Eventually.TrueAsync(() => harness.Messages().Count >= 1, "a first message");

        var patch = AgentHubHarness.FastSchedule();
        patch["highPriorityMessageFrequency"] = new JsonObject { ["value"] = "every now and then" };
        await harness.PatchConfigurationViaRestAsync(patch);

        var error = await Eventually.GetAsync(
            () => harness.Events().Where(e => e.GetProperty("Name").GetString() == "ConfigurationError")
                .SelectMany(e => e.GetProperty("Payload").EnumerateArray()).Select(p => (JsonElement?)p).FirstOrDefault() is { } p ? (object)p : null,
            "a ConfigurationError event");
        var payload = (JsonElement)error;
        Assert.That(payload.GetProperty("ErrorType").GetString(), Is.EqualTo("TypeMismatch"));
        Assert.That(payload.GetProperty("ConfigurationName").GetString(), Is.EqualTo("highPriorityMessageFrequency"));

        var reported = await harness.ReportedConfigurationViaRestAsync();
        Assert.That(reported!["highPriorityMessageFrequency"]!["value"]!.GetValue<string>(), Is.EqualTo("PT1S"), "the previous configuration stays in force");
        var before = harness.Messages().Count;
        await Eventually.TrueAsync(() => harness.Messages().Count > before + 1, "messages still flowing on the previous schedule");
        await agent.TerminateAsync(StopTimeout);
        Assert.That(agent.ExitCode, Is.Zero, agent.Output);
    }

    [Test]
    public async Task Run_WithEveryLinuxCollector_ReportsAProcessStartedMeanwhile()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("The Linux collectors run on Linux.");
        var twin = AgentHubHarness.FastSchedule();
        twin["aggregationEnabledProcessCreate"] = new JsonObject { ["value"] = false };
        await using var harness = await AgentHubHarness.StartAsync(twin);
        using var agent = harness.StartAgent(collectors: null);
        await Eventually.TrueAsync(() => harness.Messages().Count >= 1, "a first message");

        var marker = $"marker-{Guid.NewGuid():N}";
        await Eventually.TrueAsync(() =>
        {
            using (var process = System.Diagnostics.Process.Start("/bin/sh", ["-c", $"exit 0 # {marker}"]))
                process.WaitForExit();
            return harness.Events().Any(e => e.GetProperty("Name").GetString() == "ProcessCreate"
                && e.GetProperty("Payload")[0].GetProperty("CommandLine").GetString()!.Contains(marker, StringComparison.Ordinal));
        }, "the ProcessCreate event of a process started while the agent runs");
        await agent.TerminateAsync(StopTimeout);
        Assert.That(agent.ExitCode, Is.Zero, agent.Output);
    }

    [Test]
    public async Task Run_WithRoot_TheCollectorsReadTheOSUnderThatFolder()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("The Linux collectors run on Linux.");
        await using var harness = await AgentHubHarness.StartAsync();
        using var root = new TempFolder("agent-root-");
        Directory.CreateDirectory(Path.Combine(root.Path, "etc"));
        await File.WriteAllTextAsync(Path.Combine(root.Path, "etc", "passwd"), "sa-root-user:x:4321:4322::/home/sa-root-user:/bin/sh\n");
        await File.WriteAllTextAsync(Path.Combine(root.Path, "etc", "group"), "sa-root-group:x:4322:\n");
        using var agent = AgentProcess.Start("run", "--config", harness.ConfigFile, "--status-interval", "0", "--collectors", "LocalUsers", "--root", root.Path);

        var users = await Eventually.GetAsync(
            () => harness.Events().FirstOrDefault(e => e.GetProperty("Name").GetString() == "LocalUsers") is { ValueKind: JsonValueKind.Object } e ? (object)e : null,
            "a LocalUsers event");
        await agent.TerminateAsync(StopTimeout);

        var payload = ((JsonElement)users).GetProperty("Payload");
        Assert.That(payload.GetArrayLength(), Is.EqualTo(1), payload.ToString());
        Assert.That(payload[0].GetProperty("UserName").GetString(), Is.EqualTo("sa-root-user"), "the folder's etc/passwd, not the host's");
        Assert.That(payload[0].GetProperty("UserId").GetString(), Is.EqualTo("4321"));
        Assert.That(agent.ExitCode, Is.Zero, agent.Output);
    }

    [Test]
    public async Task Run_OutboxPathIsAFile_ExitsWithFailureAndSaysWhy()
    {
        await using var harness = await AgentHubHarness.StartAsync();
        var config = JsonNode.Parse(await File.ReadAllTextAsync(harness.ConfigFile))!;
        var notAFolder = Path.Combine(Path.GetDirectoryName(harness.ConfigFile)!, "not-a-folder");
        await File.WriteAllTextAsync(notAFolder, "a file where the outbox folder should be");
        config["outbox"]!["path"] = notAFolder;
        await File.WriteAllTextAsync(harness.ConfigFile, config.ToJsonString());

        var (exitCode, output) = await AgentProcess.RunAsync("run", "--config", harness.ConfigFile, "--status-interval", "0", "--collectors", "SystemInformation");

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("The agent cannot run").And.Contain("not-a-folder"));
    }

    private static int HeartbeatsSoFar(AgentHubHarness harness) =>
        harness.Events().Count(e => e.GetProperty("Name").GetString() == "Heartbeat");
}
