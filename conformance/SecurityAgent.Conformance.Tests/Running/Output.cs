namespace SecurityAgent.Conformance.Tests.Running;

/// <summary>
/// One observable output of a script step: a message ("message High", "message Low"), a
/// reported-properties document ("reported"), a twin outcome ("twin accepted", "twin rejected")
/// or "snapshot due". Two runs conform when their outputs are equal one by one.
/// </summary>
/// <param name="Step">The index of the step that produced it (-1: the initial twin).</param>
/// <param name="Kind">What it is.</param>
/// <param name="Bytes">Its bytes (empty for outcomes and flags).</param>
internal sealed record Output(int Step, string Kind, byte[] Bytes)
{
    public bool IsMessage => Kind.StartsWith("message", StringComparison.Ordinal);

    public bool SameAs(Output other) => Step == other.Step && Kind == other.Kind && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override string ToString() => $"step {Step}: {Kind} ({Bytes.Length} bytes)";
}
