namespace SecurityAgent.LocalHub.Messages;

/// <summary>A telemetry message as the local hub received and stored it.</summary>
/// <param name="Sequence">The store's sequence number (1, 2, ...).</param>
/// <param name="DeviceId">The sending device.</param>
/// <param name="ModuleId">The sending module, or <see langword="null"/>.</param>
/// <param name="MessageId">The <c>$.mid</c> property, or <see langword="null"/>.</param>
/// <param name="InterfaceId">The <c>$.ifid</c> property (<c>iothub-interface-id</c>), or <see langword="null"/>.</param>
/// <param name="ContentType">The <c>$.ct</c> property, or <see langword="null"/>.</param>
/// <param name="ContentEncoding">The <c>$.ce</c> property, or <see langword="null"/>.</param>
/// <param name="AuthMethod">How the sender authenticated: <c>sas</c> or <c>x509</c>.</param>
/// <param name="EnqueuedUtc">When the hub stored it.</param>
/// <param name="Properties">Every property from the topic's bag, decoded, keys as sent (<c>$.</c> prefixes kept).</param>
/// <param name="Body">The body.</param>
public sealed record StoredMessage(
    long Sequence,
    string DeviceId,
    string? ModuleId,
    string? MessageId,
    string? InterfaceId,
    string? ContentType,
    string? ContentEncoding,
    string AuthMethod,
    DateTimeOffset EnqueuedUtc,
    IReadOnlyDictionary<string, string?> Properties,
    byte[] Body);
