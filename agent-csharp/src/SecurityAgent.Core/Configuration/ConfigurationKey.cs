namespace SecurityAgent.Core.Configuration;

/// <summary>One key of the twin configuration: its name, type, range and default.</summary>
/// <param name="Name">The key as it appears in the twin.</param>
/// <param name="Kind">The value type.</param>
/// <param name="DefaultNumber">The default for every kind but text (seconds, enum value, 0/1, integer).</param>
/// <param name="Minimum">The smallest integer allowed.</param>
/// <param name="Maximum">The largest integer allowed.</param>
internal sealed record ConfigurationKey(string Name, KeyKind Kind, long DefaultNumber, long Minimum = 0, long Maximum = 0);
