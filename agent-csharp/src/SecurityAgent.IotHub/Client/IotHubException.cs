namespace SecurityAgent.IotHub.Client;

/// <summary>An IoT Hub operation failed; <see cref="Kind"/> says why.</summary>
public sealed class IotHubException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="IotHubException"/> class.</summary>
    public IotHubException()
        : this(IotHubErrorKind.ConnectionFailed, "IoT Hub operation failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="IotHubException"/> class.</summary>
    /// <param name="message">The message.</param>
    public IotHubException(string message)
        : this(IotHubErrorKind.ConnectionFailed, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="IotHubException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IotHubException(string message, Exception innerException)
        : this(IotHubErrorKind.ConnectionFailed, message, null, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="IotHubException"/> class.</summary>
    /// <param name="kind">Why the operation failed.</param>
    /// <param name="message">The message.</param>
    /// <param name="status">The status the hub answered with, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public IotHubException(IotHubErrorKind kind, string message, int? status = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Status = status;
    }

    /// <summary>Gets why the operation failed.</summary>
    public IotHubErrorKind Kind { get; }

    /// <summary>Gets the status code the hub answered with (twin, DPS or HTTP), when there was one.</summary>
    public int? Status { get; }

    /// <summary>Gets a value indicating whether retrying later may succeed (throttling, server errors, lost connections, time-outs).</summary>
    public bool IsTransient => Kind is IotHubErrorKind.NotConnected or IotHubErrorKind.Timeout or IotHubErrorKind.ConnectionFailed
        || (Kind == IotHubErrorKind.Rejected && Status is 429 or >= 500);
}
