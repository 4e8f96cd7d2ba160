namespace SecurityAgent.Configuration;

/// <summary>The identity the agent connects as.</summary>
/// <param name="IsModule">True: the module <paramref name="ModuleId"/> of the device; false: the device itself.</param>
/// <param name="DeviceId">The device id; null with DPS, which assigns it.</param>
/// <param name="ModuleId">The module id (module identities only; default <c>azureiotsecurity</c>).</param>
/// <param name="Authentication">The credentials.</param>
public sealed record IdentitySettings(bool IsModule, string? DeviceId, string? ModuleId, AuthenticationSettings Authentication);
