using Microsoft.Extensions.Logging;

namespace SecurityAgent.IotHub.Client;

/// <summary>The log messages of <see cref="IotHubClient"/>.</summary>
internal static partial class IotHubClientLog
{
    [LoggerMessage(1, LogLevel.Information, "IoT Hub connection {Previous} -> {State}: {Reason}")]
    public static partial void StateChanged(ILogger logger, ConnectionState previous, ConnectionState state, string reason);

    [LoggerMessage(2, LogLevel.Warning, "IoT Hub connection {Previous} -> {State}: {Reason}: {Error}")]
    public static partial void StateChangedWithError(ILogger logger, ConnectionState previous, ConnectionState state, string reason, string error);

    [LoggerMessage(3, LogLevel.Warning, "Reported patch got status {Status}; retrying in {Delay}")]
    public static partial void ReportedRetry(ILogger logger, int status, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Information, "Registering {RegistrationId} with DPS at {Endpoint}")]
    public static partial void Registering(ILogger logger, string registrationId, string endpoint);

    [LoggerMessage(5, LogLevel.Information, "DPS assigned {DeviceId} to {Hub}")]
    public static partial void Assigned(ILogger logger, string deviceId, string hub);

    [LoggerMessage(6, LogLevel.Information, "Reading the key of module {ModuleId} with the credentials of device {DeviceId}")]
    public static partial void FetchingModuleKey(ILogger logger, string moduleId, string deviceId);

    [LoggerMessage(7, LogLevel.Warning, "Twin GET after connect failed; desired properties not synchronised")]
    public static partial void TwinSyncFailed(ILogger logger, Exception error);

    [LoggerMessage(8, LogLevel.Debug, "Ignoring desired version {Version}: already at {Current}")]
    public static partial void DesiredIgnored(ILogger logger, long version, long current);

    [LoggerMessage(9, LogLevel.Information, "Desired version jumped from {Current} to {Version}; fetching the full twin")]
    public static partial void DesiredGap(ILogger logger, long current, long version);

    [LoggerMessage(10, LogLevel.Error, "An event handler of the IoT Hub client threw")]
    public static partial void HandlerFailed(ILogger logger, Exception error);

    [LoggerMessage(11, LogLevel.Warning, "Ignoring a malformed desired patch")]
    public static partial void MalformedPatch(ILogger logger, Exception error);

    [LoggerMessage(12, LogLevel.Warning, "Connection to the hub lost ({Reason})")]
    public static partial void ConnectionLost(ILogger logger, Exception? error, string reason);

    [LoggerMessage(13, LogLevel.Warning, "Reconnect attempt {Attempt} failed ({Kind}: {Message}); next in {Delay}")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, IotHubErrorKind kind, string message, TimeSpan delay);
}
