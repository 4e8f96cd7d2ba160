namespace SecurityAgent.Native.Tests;

/// <summary>Agents in deterministic mode for the tests.</summary>
internal static class NativeTestAgent
{
    /// <summary>2024-03-05T09:15:02.123Z.</summary>
    public const long T0 = 1709630102123;

    public static readonly Guid AgentId = Guid.Parse("5b0d9d52-3a4f-4c1e-9f7e-0c2d41a8e6b3");

    public static NativeAgent Create(int utcOffsetMinutes = 0, ulong memoryLimit = 0) => NativeAgent.Create(
        new NativeAgentOptions
        {
            AgentId = AgentId,
            AgentVersion = "1.2.0",
            Deterministic = true,
            UtcOffsetMinutes = utcOffsetMinutes,
            MemoryLimitBytes = memoryLimit,
        },
        T0);

    public static NativeEvent Login(NativeAgent agent)
    {
        var e = agent.CreateEvent("Login");
        e.SetInteger("ProcessId", 7);
        e.SetString("Operation", "login");
        e.SetString("Executable", "/bin/login");
        e.SetString("Result", "Success");
        e.SetString("UserName", "root");
        return e;
    }
}
