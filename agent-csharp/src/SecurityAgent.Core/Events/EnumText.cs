namespace SecurityAgent.Core.Events;

/// <summary>The wire spelling of each enum value, as UTF-8 literals.</summary>
internal static class EnumText
{
    public static ReadOnlySpan<byte> Utf8(EventName value) => value switch
    {
        EventName.ProcessCreate => "ProcessCreate"u8,
        EventName.ProcessTerminate => "ProcessTerminate"u8,
        EventName.ConnectionCreate => "ConnectionCreate"u8,
        EventName.Login => "Login"u8,
        EventName.ListeningPorts => "ListeningPorts"u8,
        EventName.LocalUsers => "LocalUsers"u8,
        EventName.FirewallConfiguration => "FirewallConfiguration"u8,
        EventName.OSBaseline => "OSBaseline"u8,
        EventName.SystemInformation => "SystemInformation"u8,
        EventName.Diagnostic => "Diagnostic"u8,
        EventName.ConfigurationError => "ConfigurationError"u8,
        EventName.DroppedEventsStatistics => "DroppedEventsStatistics"u8,
        EventName.MessageStatistics => "MessageStatistics"u8,
        EventName.Heartbeat => "Heartbeat"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static ReadOnlySpan<byte> Utf8(EventCategory value) => value switch
    {
        EventCategory.Periodic => "Periodic"u8,
        EventCategory.Triggered => "Triggered"u8,
        EventCategory.Aggregated => "Aggregated"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static ReadOnlySpan<byte> Utf8(EventType value) => value switch
    {
        EventType.Security => "Security"u8,
        EventType.Operational => "Operational"u8,
        EventType.Diagnostic => "Diagnostic"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static ReadOnlySpan<byte> Utf8(ConnectionDirection value) =>
        value == ConnectionDirection.In ? "In"u8 : "Out"u8;

    public static ReadOnlySpan<byte> Utf8(LoginResult value) =>
        value == LoginResult.Fail ? "Fail"u8 : "Success"u8;

    public static ReadOnlySpan<byte> Utf8(FirewallAction value) => value switch
    {
        FirewallAction.Allow => "Allow"u8,
        FirewallAction.Deny => "Deny"u8,
        _ => "Other"u8,
    };

    public static ReadOnlySpan<byte> Utf8(BaselineResult value) => value switch
    {
        BaselineResult.Pass => "Pass"u8,
        BaselineResult.Fail => "Fail"u8,
        _ => "Err"u8,
    };

    public static ReadOnlySpan<byte> Utf8(BaselineSeverity value) => value switch
    {
        BaselineSeverity.Critical => "Critical"u8,
        BaselineSeverity.Important => "Important"u8,
        BaselineSeverity.Warning => "Warning"u8,
        _ => "Informational"u8,
    };

    public static ReadOnlySpan<byte> Utf8(DiagnosticSeverity value) => value switch
    {
        DiagnosticSeverity.Debug => "Debug"u8,
        DiagnosticSeverity.Information => "Information"u8,
        DiagnosticSeverity.Warning => "Warning"u8,
        DiagnosticSeverity.Error => "Error"u8,
        _ => "Fatal"u8,
    };

    public static ReadOnlySpan<byte> Utf8(ConfigurationErrorType value) => value switch
    {
        ConfigurationErrorType.TypeMismatch => "TypeMismatch"u8,
        ConfigurationErrorType.NotOptimal => "NotOptimal"u8,
        _ => "Conflict"u8,
    };

    public static ReadOnlySpan<byte> Utf8(QueueName value) => value switch
    {
        QueueName.High => "High"u8,
        QueueName.Low => "Low"u8,
        _ => "Operational"u8,
    };

    public static ReadOnlySpan<byte> Utf8(ConnectionState value) =>
        value == ConnectionState.Connected ? "Connected"u8 : "Disconnected"u8;
}
