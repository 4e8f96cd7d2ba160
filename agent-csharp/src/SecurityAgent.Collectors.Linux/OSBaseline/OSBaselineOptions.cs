namespace SecurityAgent.Collectors.Linux.OSBaseline;

/// <summary>Options of <see cref="OSBaselineCollector"/>; checked once when the collector is made.</summary>
public sealed class OSBaselineOptions
{
    /// <summary>The root every checked file is read under. <value>Default "/".</value></summary>
    public string Root { get; init; } = "/";

    /// <summary>
    /// Gives the custom-check settings in force at each snapshot (the twin may change them).
    /// <value>Default null: no custom checks.</value>
    /// </summary>
    public Func<BaselineCustomChecks?>? CustomChecks { get; init; }
}
