using Microsoft.Extensions.Logging;
using SecurityAgent.IotHub.Client;

namespace SecurityAgent.Pipeline;

/// <summary>
/// Sends what the outbox holds, oldest first, one message at a time: a message leaves the outbox
/// only after its PUBACK. A failed send waits for the connection to come back; the message stays
/// first in line, and the hub deduplicates a resend by its message id.
/// </summary>
internal sealed partial class MessageSender(AgentPipeline pipeline, IotHubClient client, ILogger logger)
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private long _messagesSent;
    private long _bytesSent;
    private long _sendFailures;
    private long _refused;

    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Messages the hub can never take (over IoT Hub's size limit): removed, counted and logged.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (client.State == ConnectionState.Connected)
                await SendWhatIsWaitingAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await pipeline.WaitForMessagesAsync(IdlePoll, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// At shutdown, after the core was flushed: sends what waits, for at most <paramref name="grace"/>.
    /// What is not acknowledged by then stays in the outbox for the next start.
    /// </summary>
    public async Task DrainAsync(TimeSpan grace)
    {
        if (client.State != ConnectionState.Connected)
            return;
        using var limit = new CancellationTokenSource(grace);
        await SendWhatIsWaitingAsync(limit.Token).ConfigureAwait(false);
    }

    /// <summary>Sends until everything is sent, or a send fails.</summary>
    private async Task SendWhatIsWaitingAsync(CancellationToken cancellationToken)
    {
        while (pipeline.TryTakeFromMemory(out var inMemory))
        {
            if (!await TrySendAsync(inMemory.Body, inMemory.MessageId, cancellationToken).ConfigureAwait(false))
            {
                pipeline.ReturnToMemory(inMemory);
                return;
            }
        }

        foreach (var entry in pipeline.Outbox.Pending)
        {
            var body = pipeline.Outbox.ReadPayload(entry);
            if (body is null)
                continue; // Corrupt on disk: the outbox removed and counted it.
            if (!await TrySendAsync(body, entry.MessageId, cancellationToken).ConfigureAwait(false))
                return;
            pipeline.Outbox.Remove(entry);
        }
    }

    /// <summary>True when the message is done with: acknowledged, or refused for good.</summary>
    private async Task<bool> TrySendAsync(byte[] body, string messageId, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendSecurityMessageAsync(body, messageId, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _messagesSent);
            Interlocked.Add(ref _bytesSent, body.Length);
            return true;
        }
        catch (IotHubException ex) when (ex.Kind == IotHubErrorKind.MessageTooLarge)
        {
            Interlocked.Increment(ref _refused);
            LogRefused(logger, messageId, ex.Message);
            return true;
        }
        catch (IotHubException ex)
        {
            Interlocked.Increment(ref _sendFailures);
            pipeline.ReportSendFailure();
            LogSendFailed(logger, messageId, ex.Message);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Send of message {MessageId} failed ({Reason}); it stays in the outbox for the next connection")]
    private static partial void LogSendFailed(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} can never be sent and was removed: {Reason}")]
    private static partial void LogRefused(ILogger logger, string messageId, string reason);
}
