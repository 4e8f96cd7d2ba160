namespace SecurityAgent.IotHub.Client;

/// <summary>A response on <c>$iothub/twin/res/{status}/?$rid=..&amp;$version=..</c>.</summary>
internal sealed record TwinResponse(int Status, long? Version, byte[] Body);
