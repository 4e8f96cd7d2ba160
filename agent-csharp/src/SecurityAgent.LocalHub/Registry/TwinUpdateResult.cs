namespace SecurityAgent.LocalHub.Registry;

/// <summary>The outcome of a twin patch: an IoT Hub status (204/200, 400, 404, 413) and the new section version.</summary>
internal sealed record TwinUpdateResult(int Status, long Version, string? Error);
