namespace SecurityAgent.Native;

/// <summary>The status codes of libsecagent (<c>SA_ERR_X</c> maps onto <c>SaStatus.X</c>).</summary>
public enum SaStatus
{
    /// <summary>Success.</summary>
    Ok = 0,
    /// <summary>A NULL handle or pointer, a bad length, or a value out of range.</summary>
    InvalidArgument = 1,
    /// <summary>An allocation failed or the agent's memory limit was hit.</summary>
    NoMemory = 2,
    /// <summary>The event name is not one of the known events.</summary>
    UnknownEvent = 3,
    /// <summary>The event has no payload field of that name.</summary>
    UnknownField = 4,
    /// <summary>The field exists but has another type.</summary>
    FieldType = 5,
    /// <summary>A required payload field was not set.</summary>
    MissingField = 6,
    /// <summary>The twin text is not well-formed JSON.</summary>
    BadJson = 7,
    /// <summary>The twin is JSON but breaks the twin schema.</summary>
    BadConfiguration = 8,
    /// <summary>Input larger than the library accepts.</summary>
    TooLarge = 9,
    /// <summary>Nothing to take.</summary>
    Empty = 10,
    /// <summary>The call does not fit the object's state.</summary>
    InvalidState = 11,
    /// <summary>A collector could not read its OS source.</summary>
    Io = 12,
}
