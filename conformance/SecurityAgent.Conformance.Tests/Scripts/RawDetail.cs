namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>One ExtraDetails entry as raw bytes.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value.</param>
internal sealed record RawDetail(byte[] Key, byte[] Value);
