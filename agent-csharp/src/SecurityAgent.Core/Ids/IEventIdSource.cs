namespace SecurityAgent.Core.Ids;

/// <summary>Gives each queued event its id.</summary>
/// <remarks>Called from the core's single thread only.</remarks>
public interface IEventIdSource
{
    /// <summary>Writes the next id, 36 lower-case ASCII characters in 8-4-4-4-12 form.</summary>
    /// <param name="destination">At least 36 bytes.</param>
    void WriteNext(Span<byte> destination);
}
