namespace SecurityAgent.IotHub.Tests.Support;

/// <summary>Waits for real signals with generous time-outs (never asserts on elapsed time).</summary>
public static class Await
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<T> Signal<T>(TaskCompletionSource<T> source)
        => await source.Task.WaitAsync(Timeout);

    /// <summary>Polls a condition (for state only observable by reading), every 50 ms, up to the time-out.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
