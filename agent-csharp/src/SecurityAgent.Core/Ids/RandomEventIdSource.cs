namespace SecurityAgent.Core.Ids;

/// <summary>Random version-4 UUIDs in lower-case form: the production id source.</summary>
public sealed class RandomEventIdSource : IEventIdSource
{
    /// <inheritdoc/>
    public void WriteNext(Span<byte> destination)
    {
        // Guid.NewGuid is a version-4 UUID from the OS's cryptographic generator.
        Guid.NewGuid().TryFormat(destination, out _, "D");
    }
}
