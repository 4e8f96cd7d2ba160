using System.Net;

namespace SecurityAgent.Collectors.Linux.ConnectionCreate;

/// <summary>One TCP socket of an inet_diag dump.</summary>
/// <param name="State">The TCP state (1 established, 10 listen, ...).</param>
/// <param name="LocalAddress">The local address.</param>
/// <param name="LocalPort">The local port.</param>
/// <param name="RemoteAddress">The remote address.</param>
/// <param name="RemotePort">The remote port.</param>
/// <param name="UserId">The owner's uid.</param>
/// <param name="Inode">The socket inode (names the owning process through /proc/&lt;pid&gt;/fd).</param>
internal sealed record InetDiagSocket(int State, IPAddress LocalAddress, int LocalPort, IPAddress RemoteAddress, int RemotePort, uint UserId, ulong Inode);
