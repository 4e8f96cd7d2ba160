namespace SecurityAgent.Native;

/// <summary>A libsecagent call failed; carries the status and the library's message.</summary>
public sealed class SecurityAgentNativeException : Exception
{
    /// <summary>Creates an exception with no status (<see cref="SaStatus.Ok"/>).</summary>
    public SecurityAgentNativeException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SecurityAgentNativeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SecurityAgentNativeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a failed call.</summary>
    /// <param name="status">The status the library returned.</param>
    /// <param name="message">sa_strerror text, plus the agent's detail when there is one.</param>
    public SecurityAgentNativeException(SaStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>Gets the status the library returned.</summary>
    /// <value>The native status code.</value>
    public SaStatus Status { get; }
}
