namespace SecurityAgent.Cli;

/// <summary>The exit codes of <c>security-agent</c> (docs/security-agent.md lists them).</summary>
internal static class ExitCodes
{
    /// <summary>Done: the agent stopped cleanly, or the file is valid.</summary>
    public const int Success = 0;

    /// <summary>The agent failed while running (an unexpected error; the log says what).</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: an unknown command or option, a bad value.</summary>
    public const int Usage = 2;

    /// <summary>The configuration file is invalid; every problem was printed with its field.</summary>
    public const int InvalidConfiguration = 3;
}
