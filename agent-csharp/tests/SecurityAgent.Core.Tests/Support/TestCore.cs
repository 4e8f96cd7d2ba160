using Microsoft.Extensions.Time.Testing;
using SecurityAgent.Core.Events;
using SecurityAgent.Core.Ids;

namespace SecurityAgent.Core.Tests.Support;

/// <summary>Cores with a fixed clock, deterministic ids and a fixed offset, and sample events.</summary>
internal static class TestCore
{
    public const string AgentId = "5b0d9d52-3a4f-4c1e-9f7e-0c2d41a8e6b3";

    public static readonly DateTimeOffset Start = new(2024, 3, 5, 9, 15, 2, 123, TimeSpan.Zero);

    public static AgentCore Create(TimeSpan? offset = null, string version = "0.1.0") => AgentCore.Create(new AgentCoreOptions
    {
        AgentId = AgentId,
        AgentVersion = version,
        UtcOffset = offset ?? TimeSpan.FromHours(1),
        TimeProvider = new FakeTimeProvider(Start),
        IdSource = new DeterministicEventIdSource(),
    });

    public static SecurityEvent Process(string commandLine, uint pid = 100, string user = "1000", DateTimeOffset? at = null) =>
        SecurityEvent.Triggered(at ?? Start, new ProcessCreatePayload
        {
            Executable = "/usr/bin/" + commandLine.Split(' ')[0],
            ProcessId = pid,
            ParentProcessId = 1,
            UserId = user,
            CommandLine = commandLine,
        });

    public static SecurityEvent Login(string user = "root", DateTimeOffset? at = null) =>
        SecurityEvent.Triggered(at ?? Start, new LoginPayload
        {
            ProcessId = 42,
            Operation = "login",
            Executable = "/usr/sbin/sshd",
            Result = LoginResult.Success,
            UserName = user,
        });

    public static SecurityEvent Ports(int count, DateTimeOffset? at = null) =>
        SecurityEvent.Periodic(EventName.ListeningPorts, at ?? Start, Enumerable.Range(0, count)
            .Select(i => (PayloadItem)new ListeningPortsPayload { LocalPort = (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Protocol = "tcp", LocalAddress = "0.0.0.0" })
            .ToArray());

    public static string Text(byte[] utf8) => System.Text.Encoding.UTF8.GetString(utf8);
}
