namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>The Security events a collector may submit, and which of them are snapshots.</summary>
internal static class EventCatalog
{
    public static IReadOnlyList<string> Triggered { get; } = ["ProcessCreate", "ProcessTerminate", "ConnectionCreate", "Login"];

    public static IReadOnlyList<string> Periodic { get; } =
        ["ListeningPorts", "LocalUsers", "FirewallConfiguration", "OSBaseline", "SystemInformation"];

    public static bool IsPeriodic(string name) => Periodic.Contains(name);
}
