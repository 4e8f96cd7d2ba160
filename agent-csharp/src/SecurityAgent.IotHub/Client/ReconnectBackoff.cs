namespace SecurityAgent.IotHub.Client;

/// <summary>Exponential backoff with jitter: attempt n waits between half and all of min·2^(n-1), capped at max.</summary>
internal sealed class ReconnectBackoff(TimeSpan min, TimeSpan max)
{
    public TimeSpan Delay(int attempt)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var ceiling = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, exponent));
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var jittered = ceiling * (0.5 + (Random.Shared.NextDouble() * 0.5));
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(Math.Max(jittered, min.TotalMilliseconds));
    }
}
