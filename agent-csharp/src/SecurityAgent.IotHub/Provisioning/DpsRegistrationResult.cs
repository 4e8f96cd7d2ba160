namespace SecurityAgent.IotHub.Provisioning;

/// <summary>The outcome of a successful DPS registration.</summary>
/// <param name="assignedHub">The host name of the hub the device was assigned to.</param>
/// <param name="deviceId">The device id on that hub.</param>
/// <param name="deviceKey">The key to connect with (the individual key or the derived key), or <see langword="null"/> for X.509.</param>
public sealed class DpsRegistrationResult(string assignedHub, string deviceId, string? deviceKey)
{
    /// <summary>Gets the assigned hub's host name.</summary>
    public string AssignedHub { get; } = assignedHub;

    /// <summary>Gets the device id on the assigned hub.</summary>
    public string DeviceId { get; } = deviceId;

    /// <summary>Gets the key to connect with, or <see langword="null"/> for X.509.</summary>
    public string? DeviceKey { get; } = deviceKey;
}
