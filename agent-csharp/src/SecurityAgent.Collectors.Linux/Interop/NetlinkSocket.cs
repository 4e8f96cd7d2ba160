using System.Runtime.InteropServices;

namespace SecurityAgent.Collectors.Linux.Interop;

/// <summary>
/// One netlink socket: created, bound, with a sized receive buffer and a receive timeout so that a
/// reader thread notices cancellation. Receive overflow (ENOBUFS) is returned as a value and
/// counted, never hidden.
/// </summary>
/// <remarks>One reader thread at a time; <see cref="Dispose"/> may be called from another thread.</remarks>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    /// <summary>The size of struct sockaddr_nl: family, padding, port id (nl_pid) at 4, groups at 8.</summary>
    private const int AddressLength = 12;

    private int _fd;

    private NetlinkSocket(int fd) => _fd = fd;

    /// <summary>Receive overflows seen so far (each one means the kernel dropped messages).</summary>
    public long Overflows { get; private set; }

    /// <summary>Opens and binds a netlink socket, or returns the errno that refused it.</summary>
    /// <param name="protocol">NETLINK_CONNECTOR, NETLINK_AUDIT, NETLINK_SOCK_DIAG, ...</param>
    /// <param name="groups">The multicast group mask to bind to (0 for none).</param>
    /// <param name="receiveBufferBytes">The receive buffer to ask for (forced when privileged).</param>
    /// <param name="socket">The socket, when the result is 0.</param>
    /// <returns>0, or the errno of the failed call.</returns>
    public static int TryOpen(int protocol, uint groups, int receiveBufferBytes, out NetlinkSocket? socket)
    {
        socket = null;
        var fd = Libc.Socket(Libc.AfNetlink, Libc.SockRaw | Libc.SockCloexec, protocol);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }
        var size = receiveBufferBytes;
        if (Libc.SetSockOpt(fd, Libc.SolSocket, Libc.SoRcvbufForce, &size, sizeof(int)) != 0)
        {
            _ = Libc.SetSockOpt(fd, Libc.SolSocket, Libc.SoRcvbuf, &size, sizeof(int));
        }
        var timeout = stackalloc long[2];
        timeout[0] = 0;
        timeout[1] = 200_000;
        _ = Libc.SetSockOpt(fd, Libc.SolSocket, Libc.SoRcvtimeo, timeout, 16);
        var address = stackalloc byte[AddressLength];
        WriteAddress(address, 0, groups);
        if (Libc.Bind(fd, address, AddressLength) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            _ = Libc.Close(fd);
            return error;
        }
        socket = new NetlinkSocket(fd);
        return 0;
    }

    /// <summary>The receive buffer the kernel granted, in bytes.</summary>
    public int ReceiveBufferBytes
    {
        get
        {
            int value = 0, length = sizeof(int);
            return Libc.GetSockOpt(_fd, Libc.SolSocket, Libc.SoRcvbuf, &value, &length) == 0 ? value : 0;
        }
    }

    /// <summary>Joins a multicast group after bind (NETLINK_ADD_MEMBERSHIP).</summary>
    /// <returns>0, or the errno.</returns>
    public int AddMembership(int group)
    {
        var value = group;
        return Libc.SetSockOpt(_fd, Libc.SolNetlink, 1, &value, sizeof(int)) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>
    /// Attaches a classic BPF program (<see cref="NetlinkFilter"/>) that the kernel runs on every
    /// datagram before it queues it to this socket, replacing the one attached before; an empty
    /// program removes the filter (there being none is fine).
    /// </summary>
    /// <returns>0, or the errno that refused it (the socket then receives as before).</returns>
    public int AttachFilter(ReadOnlySpan<BpfInstruction> program)
    {
        if (program.IsEmpty)
        {
            var unused = 0;
            if (Libc.SetSockOpt(_fd, Libc.SolSocket, Libc.SoDetachFilter, &unused, sizeof(int)) == 0)
            {
                return 0;
            }
            var error = Marshal.GetLastPInvokeError();
            return error == Libc.Enoent ? 0 : error; // ENOENT: there was none
        }
        fixed (BpfInstruction* instructions = program)
        {
            // struct sock_fprog: unsigned short len, then (aligned) struct sock_filter *filter
            var fprog = stackalloc nint[2];
            fprog[0] = 0;
            *(ushort*)fprog = (ushort)program.Length;
            fprog[1] = (nint)instructions;
            return Libc.SetSockOpt(_fd, Libc.SolSocket, Libc.SoAttachFilter, fprog, 2 * sizeof(nint)) == 0
                ? 0
                : Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>The instruction count of the filter attached to this socket (0: none).</summary>
    public int FilterLength
    {
        get
        {
            // SO_GET_FILTER with no room answers the length alone, in instructions.
            int length = 0;
            return Libc.GetSockOpt(_fd, Libc.SolSocket, Libc.SoGetFilter, null, &length) == 0 ? length : 0;
        }
    }

    /// <summary>The port id the kernel bound this socket to (nl_pid of its address), or 0 when unknown.</summary>
    public uint LocalPort
    {
        get
        {
            var address = stackalloc byte[AddressLength];
            var length = AddressLength;
            return Libc.GetSockName(_fd, address, &length) == 0 ? *(uint*)(address + 4) : 0;
        }
    }

    /// <summary>Sends one datagram to the kernel.</summary>
    /// <returns>0, or the errno.</returns>
    public int Send(ReadOnlySpan<byte> message)
    {
        fixed (byte* p = message)
        {
            return Libc.Send(_fd, p, message.Length, 0) < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
    }

    /// <summary>Sends one datagram to another netlink socket, the one bound to <paramref name="port"/>.</summary>
    /// <returns>0, or the errno.</returns>
    public int SendTo(ReadOnlySpan<byte> message, uint port)
    {
        var address = stackalloc byte[AddressLength];
        WriteAddress(address, port, 0);
        fixed (byte* p = message)
        {
            return Libc.SendTo(_fd, p, message.Length, 0, address, AddressLength) < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
    }

    /// <summary>
    /// Receives one datagram. Returns its length; 0 on timeout or interruption; -1 on overflow
    /// (counted in <see cref="Overflows"/>); and throws only when the socket is closed or broken.
    /// </summary>
    /// <exception cref="IOException">The socket failed for another reason.</exception>
    public int Receive(Span<byte> buffer) => Receive(buffer, 0);

    /// <summary>
    /// Receives one datagram already queued, without waiting: its length; 0 when none is queued;
    /// -1 on overflow (counted). Readers drain with this after a wait, so a burst costs one wakeup.
    /// </summary>
    /// <exception cref="IOException">The socket failed for another reason.</exception>
    public int ReceiveQueued(Span<byte> buffer) => Receive(buffer, Libc.MsgDontwait);

    private int Receive(Span<byte> buffer, int flags)
    {
        fixed (byte* p = buffer)
        {
            var n = Libc.Recv(_fd, p, buffer.Length, flags);
            if (n >= 0)
            {
                return (int)n;
            }
            var error = Marshal.GetLastPInvokeError();
            switch (error)
            {
                case Libc.Eagain or Libc.Eintr:
                    return 0;
                case Libc.Enobufs:
                    Overflows++;
                    return -1;
                default:
                    throw new IOException($"netlink recv failed: errno {error}");
            }
        }
    }

    private static void WriteAddress(byte* address, uint port, uint groups)
    {
        new Span<byte>(address, AddressLength).Clear();
        *(ushort*)address = Libc.AfNetlink;
        *(uint*)(address + 4) = port;
        *(uint*)(address + 8) = groups;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Libc.Close(fd);
        }
    }
}
