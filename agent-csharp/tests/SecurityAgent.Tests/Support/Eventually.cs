namespace SecurityAgent.Tests.Support;

/// <summary>Waits for a condition that real components reach in their own time; generous timeouts for a loaded machine.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public static async Task<T> GetAsync<T>(Func<T?> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (probe() is { } value)
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(200);
        }
    }

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        await GetAsync(() => condition() ? "" : null, what, timeout);
}
