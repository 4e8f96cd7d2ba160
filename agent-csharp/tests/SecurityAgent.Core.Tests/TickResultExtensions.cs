using SecurityAgent.Core;

namespace SecurityAgent.Core.Tests;

/// <summary>The bodies of a tick's messages, for tests that look at bytes only.</summary>
internal static class TickResultExtensions
{
    public static List<byte[]> Bodies(this TickResult result) => [.. result.Messages.Select(m => m.Body)];
}
