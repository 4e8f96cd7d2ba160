namespace SecurityAgent.Core.Events;

/// <summary>The name of an event; selects its payload schema.</summary>
public enum EventName
{
    /// <summary>ProcessCreate.</summary>
    ProcessCreate,

    /// <summary>ProcessTerminate.</summary>
    ProcessTerminate,

    /// <summary>ConnectionCreate.</summary>
    ConnectionCreate,

    /// <summary>Login.</summary>
    Login,

    /// <summary>ListeningPorts.</summary>
    ListeningPorts,

    /// <summary>LocalUsers.</summary>
    LocalUsers,

    /// <summary>FirewallConfiguration.</summary>
    FirewallConfiguration,

    /// <summary>OSBaseline.</summary>
    OSBaseline,

    /// <summary>SystemInformation.</summary>
    SystemInformation,

    /// <summary>Diagnostic.</summary>
    Diagnostic,

    /// <summary>ConfigurationError.</summary>
    ConfigurationError,

    /// <summary>DroppedEventsStatistics.</summary>
    DroppedEventsStatistics,

    /// <summary>MessageStatistics.</summary>
    MessageStatistics,

    /// <summary>Heartbeat.</summary>
    Heartbeat,
}
