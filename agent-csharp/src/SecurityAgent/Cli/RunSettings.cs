namespace SecurityAgent.Cli;

/// <summary>How <c>run</c> runs, apart from what it connects to.</summary>
/// <param name="Duration">Stop after this long; null: run until stopped.</param>
/// <param name="StatusSeconds">Seconds between status lines; 0: none.</param>
/// <param name="Output">Standard output: status lines and the summary.</param>
/// <param name="Error">Standard error: configuration problems.</param>
/// <param name="Collectors">The collectors to run, by name; null: all of this platform's.</param>
/// <param name="Root">The folder the collectors read the OS under (proc, sys, etc, var); "/" live.</param>
internal sealed record RunSettings(TimeSpan? Duration, int StatusSeconds, TextWriter Output, TextWriter Error, IReadOnlySet<string>? Collectors = null, string Root = "/");
