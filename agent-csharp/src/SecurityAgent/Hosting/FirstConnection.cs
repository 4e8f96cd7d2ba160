using Microsoft.Extensions.Logging;
using SecurityAgent.IotHub.Client;

namespace SecurityAgent.Hosting;

/// <summary>
/// Opens the first connection, retrying with exponential backoff and jitter (1 s doubling to
/// 2 min): a hub that is down at boot, or a wrong key, never makes a tight loop. After the first
/// connection the client reconnects by itself.
/// </summary>
internal static partial class FirstConnection
{
    private static readonly TimeSpan MinDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(2);

    public static async Task<bool> ConnectAsync(IotHubClient client, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (IotHubException ex)
            {
                var delay = Delay(attempt);
                LogRetry(logger, attempt, ex.Kind, ex.Message, delay);
                try
                {
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }
    }

    internal static TimeSpan Delay(int attempt)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, MinDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
#pragma warning restore CA5394
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection attempt {Attempt} failed ({Kind}: {Reason}); next try in {Delay}")]
    private static partial void LogRetry(ILogger logger, int attempt, IotHubErrorKind kind, string reason, TimeSpan delay);
}
