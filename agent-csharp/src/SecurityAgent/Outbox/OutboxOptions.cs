namespace SecurityAgent.Outbox;

/// <summary>Where the outbox keeps its records and how much disk it may use.</summary>
/// <remarks>Checked once by <see cref="Outbox.Open"/>; the outbox keeps its own copy.</remarks>
public sealed record OutboxOptions
{
    /// <summary>The smallest budget: one message of the largest size IoT Hub accepts.</summary>
    public const long MinimumMaxSizeInBytes = 262_144;

    /// <summary>The folder of the records; created with owner-only permissions when missing.</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// The most message bytes the outbox holds; each record's 60-byte header comes on top.
    /// <value>Default 10 MiB; at least <see cref="MinimumMaxSizeInBytes"/>.</value>
    /// </summary>
    public long MaxSizeInBytes { get; init; } = 10 * 1024 * 1024;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
            throw new ArgumentException("The outbox needs a directory.", nameof(Directory));
        if (MaxSizeInBytes < MinimumMaxSizeInBytes)
            throw new ArgumentOutOfRangeException(nameof(MaxSizeInBytes), MaxSizeInBytes,
                $"The outbox must hold at least one message of the largest size ({MinimumMaxSizeInBytes} bytes).");
    }
}
