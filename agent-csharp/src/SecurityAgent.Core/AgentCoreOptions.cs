using System.Reflection;
using SecurityAgent.Core.Ids;

namespace SecurityAgent.Core;

/// <summary>How to create an <see cref="AgentCore"/>. Checked once by <see cref="AgentCore.Create"/>.</summary>
public sealed class AgentCoreOptions
{
    /// <summary>The agent id: a lower-case GUID. <value>Required.</value></summary>
    public required string AgentId { get; init; }

    /// <summary>The agent version reported in every message. <value>Default: the repository version.</value></summary>
    public string AgentVersion { get; init; } = RepositoryVersion;

    /// <summary>The offset of TimestampLocal, whole minutes, -12:00 to +14:00. <value>Default zero.</value></summary>
    public TimeSpan UtcOffset { get; init; }

    /// <summary>The clock of the start time and of <see cref="AgentCore.Tick()"/>. <value>Default <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The source of event ids. <value>Default random UUID v4.</value></summary>
    public IEventIdSource? IdSource { get; init; }

    /// <summary>The repository version (the assembly's informational version).</summary>
    public static string RepositoryVersion { get; } =
        typeof(AgentCoreOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
