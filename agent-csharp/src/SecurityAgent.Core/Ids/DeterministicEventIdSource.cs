namespace SecurityAgent.Core.Ids;

/// <summary>
/// The n-th id is <c>00000000-0000-4000-8000-</c> followed by n as 12 lower-case hex digits,
/// n from 1: the same ids on every run, for tests and the conformance suite.
/// </summary>
public sealed class DeterministicEventIdSource : IEventIdSource
{
    private long _next = 1;

    /// <inheritdoc/>
    public void WriteNext(Span<byte> destination)
    {
        "00000000-0000-4000-8000-"u8.CopyTo(destination);
        var n = _next++;
        for (var i = 35; i >= 24; i--)
        {
            var d = (int)(n & 0xF);
            destination[i] = (byte)(d < 10 ? '0' + d : 'a' + d - 10);
            n >>= 4;
        }
    }
}
