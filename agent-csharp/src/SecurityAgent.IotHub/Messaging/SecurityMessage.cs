namespace SecurityAgent.IotHub.Messaging;

/// <summary>Constants that mark a telemetry message as an IoT security message.</summary>
public static class SecurityMessage
{
    /// <summary>The interface id (<c>$.ifid</c>) Defender for IoT looks for.</summary>
    public const string InterfaceId = "urn:azureiot:Security:SecurityAgent:1";

    /// <summary>The content type (<c>$.ct</c>) of security messages.</summary>
    public const string ContentType = "application/json";

    /// <summary>The content encoding (<c>$.ce</c>) of security messages.</summary>
    public const string ContentEncoding = "utf-8";

    /// <summary>IoT Hub's largest device-to-cloud message: 256 KiB.</summary>
    public const int MaxMessageBytes = 256 * 1024;
}
