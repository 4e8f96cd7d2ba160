using SecurityAgent.Core.Events;
using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Aggregation;

/// <summary>
/// The identity keys of the aggregatable events (docs/core-rules.md §3), as equality comparers.
/// Text compares as it will be written (repaired and truncated), see <see cref="WrittenText"/>.
/// </summary>
internal static class IdentityComparers
{
    public static IEqualityComparer<PayloadItem> For(EventName name) => name switch
    {
        EventName.ProcessCreate => ProcessCreateIdentity.Instance,
        EventName.ConnectionCreate => ConnectionCreateIdentity.Instance,
        EventName.ProcessTerminate => ProcessTerminateIdentity.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private const int Text = CanonicalJsonWriter.TextLimit;
    private const int CommandLine = CanonicalJsonWriter.CommandLineLimit;

    private static int Hash(string? s, int limit = Text) => WrittenText.GetHashCode(s, limit);

    private static bool Same(string? a, string? b, int limit = Text) => WrittenText.Equals(a, b, limit);

    private sealed class ProcessCreateIdentity : IEqualityComparer<PayloadItem>
    {
        public static readonly ProcessCreateIdentity Instance = new();

        public bool Equals(PayloadItem? x, PayloadItem? y)
        {
            var a = (ProcessCreatePayload)x!;
            var b = (ProcessCreatePayload)y!;
            return ReferenceEquals(a, b) || (Same(a.Executable, b.Executable)
                && Same(a.CommandLine, b.CommandLine, CommandLine)
                && Same(a.UserId, b.UserId)
                && Same(a.UserName, b.UserName));
        }

        public int GetHashCode(PayloadItem obj)
        {
            var p = (ProcessCreatePayload)obj;
            return HashCode.Combine(Hash(p.Executable), Hash(p.CommandLine, CommandLine), Hash(p.UserId), Hash(p.UserName));
        }
    }

    private sealed class ConnectionCreateIdentity : IEqualityComparer<PayloadItem>
    {
        public static readonly ConnectionCreateIdentity Instance = new();

        public bool Equals(PayloadItem? x, PayloadItem? y)
        {
            var a = (ConnectionCreatePayload)x!;
            var b = (ConnectionCreatePayload)y!;
            if (ReferenceEquals(a, b))
            {
                return true;
            }

            return a.Direction == b.Direction
                && Same(a.Executable, b.Executable)
                && Same(a.CommandLine, b.CommandLine, CommandLine)
                && Same(a.UserId, b.UserId)
                && Same(a.Protocol, b.Protocol)
                && Same(a.LocalAddress, b.LocalAddress)
                && Same(a.RemoteAddress, b.RemoteAddress)
                && Same(Port(a), Port(b));
        }

        public int GetHashCode(PayloadItem obj)
        {
            var p = (ConnectionCreatePayload)obj;
            var h = HashCode.Combine(p.Direction, Hash(p.Executable), Hash(p.CommandLine, CommandLine), Hash(p.UserId), Hash(p.Protocol));
            return HashCode.Combine(h, Hash(p.LocalAddress), Hash(p.RemoteAddress), Hash(Port(p)));
        }

        private static string? Port(ConnectionCreatePayload p) =>
            p.Direction == ConnectionDirection.In ? p.LocalPort : p.RemotePort;
    }

    private sealed class ProcessTerminateIdentity : IEqualityComparer<PayloadItem>
    {
        public static readonly ProcessTerminateIdentity Instance = new();

        public bool Equals(PayloadItem? x, PayloadItem? y)
        {
            var a = (ProcessTerminatePayload)x!;
            var b = (ProcessTerminatePayload)y!;
            return a.ExitStatus == b.ExitStatus && Same(a.Executable, b.Executable);
        }

        public int GetHashCode(PayloadItem obj)
        {
            var p = (ProcessTerminatePayload)obj;
            return HashCode.Combine(Hash(p.Executable), p.ExitStatus);
        }
    }
}
