using System.Net;

namespace SecurityAgent.Collectors.Linux.ListeningPorts;

/// <summary>One row of /proc/net/{tcp,tcp6,udp,udp6}.</summary>
/// <param name="LocalAddress">The local address.</param>
/// <param name="LocalPort">The local port.</param>
/// <param name="RemoteAddress">The remote address.</param>
/// <param name="RemotePort">The remote port.</param>
/// <param name="State">The TCP state number (0x0A listen, 0x07 close, 0x01 established).</param>
/// <param name="Inode">The socket inode, which /proc/&lt;pid&gt;/fd links name as socket:[inode].</param>
internal sealed record ProcNetRow(IPAddress LocalAddress, int LocalPort, IPAddress RemoteAddress, int RemotePort, int State, ulong Inode);
