using SecurityAgent.Core.Events;

namespace SecurityAgent.Core.Aggregation;

/// <summary>The identity keys of the aggregatable events (docs/core-rules.md §3), as equality comparers.</summary>
internal static class IdentityComparers
{
    public static IEqualityComparer<PayloadItem> For(EventName name) => name switch
    {
        EventName.ProcessCreate => ProcessCreateIdentity.Instance,
        EventName.ConnectionCreate => ConnectionCreateIdentity.Instance,
        EventName.ProcessTerminate => ProcessTerminateIdentity.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static int Hash(string? s) => s is null ? 0 : StringComparer.Ordinal.GetHashCode(s);

    private sealed class ProcessCreateIdentity : IEqualityComparer<PayloadItem>
    {
        public static readonly ProcessCreateIdentity Instance = new();

        public bool Equals(PayloadItem? x, PayloadItem? y)
        {
            var a = (ProcessCreatePayload)x!;
            var b = (ProcessCreatePayload)y!;
            return ReferenceEquals(a, b) || (string.Equals(a.Executable, b.Executable, StringComparison.Ordinal)
                && string.Equals(a.CommandLine, b.CommandLine, StringComparison.Ordinal)
                && string.Equals(a.UserId, b.UserId, StringComparison.Ordinal)
                && string.Equals(a.UserName, b.UserName, StringComparison.Ordinal));
        }

        public int GetHashCode(PayloadItem obj)
        {
            var p = (ProcessCreatePayload)obj;
            return HashCode.Combine(Hash(p.Executable), Hash(p.CommandLine), Hash(p.UserId), Hash(p.UserName));
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
                && string.Equals(a.Executable, b.Executable, StringComparison.Ordinal)
                && string.Equals(a.CommandLine, b.CommandLine, StringComparison.Ordinal)
                && string.Equals(a.UserId, b.UserId, StringComparison.Ordinal)
                && string.Equals(a.Protocol, b.Protocol, StringComparison.Ordinal)
                && string.Equals(a.LocalAddress, b.LocalAddress, StringComparison.Ordinal)
                && string.Equals(a.RemoteAddress, b.RemoteAddress, StringComparison.Ordinal)
                && string.Equals(Port(a), Port(b), StringComparison.Ordinal);
        }

        public int GetHashCode(PayloadItem obj)
        {
            var p = (ConnectionCreatePayload)obj;
            var h = HashCode.Combine(p.Direction, Hash(p.Executable), Hash(p.CommandLine), Hash(p.UserId), Hash(p.Protocol));
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
            return a.ExitStatus == b.ExitStatus && string.Equals(a.Executable, b.Executable, StringComparison.Ordinal);
        }

        public int GetHashCode(PayloadItem obj)
        {
            var p = (ProcessTerminatePayload)obj;
            return HashCode.Combine(Hash(p.Executable), p.ExitStatus);
        }
    }
}
