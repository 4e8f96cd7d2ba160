namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>One payload item: fields in the order the collector sets them, then ExtraDetails in insertion order.</summary>
/// <param name="Fields">The fields.</param>
/// <param name="Details">The ExtraDetails entries, key and value as raw bytes (possibly invalid UTF-8).</param>
internal sealed record RawItem(IReadOnlyList<RawField> Fields, IReadOnlyList<RawDetail> Details);
