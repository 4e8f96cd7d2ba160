using System.Buffers.Binary;
using SecurityAgent.Collectors.Linux.ProcessCreate;
using static SecurityAgent.Collectors.Linux.Interop.BpfInstruction;

namespace SecurityAgent.Collectors.Linux.Interop;

/// <summary>
/// The collectors' in-kernel datagram filters: classic BPF programs (SO_ATTACH_FILTER, see
/// <see cref="NetlinkSocket.AttachFilter"/>) that drop, before they are queued to the socket, the
/// datagrams no collector reads. Under an exec storm the kernel sends seven audit records per
/// exec, of which ProcessCreate reads three (SYSCALL, EXECVE, EOE); every thread a process starts
/// or ends is a proc connector event that no collector reads. A dropped datagram is never copied, queued, woken up for or parsed, and cannot overflow
/// the receive buffer. The filter is the socket's own: other readers of the same events (auditd,
/// journald on the audit multicast group) still get every record.
/// </summary>
/// <remarks>
/// <para>Both programs read the datagram from its netlink header, as the kernel queues it: audit,
/// the nlmsghdr (type at offset 4, host order), then the record text; proc connector, the
/// nlmsghdr (16 bytes), cn_msg (20), then proc_event with <c>what</c> at 36 and its union (exec
/// and exit: pid at 52, tgid at 56; fork: the child's pid at 60, tgid at 64).</para>
/// <para>The programs are the C agent's (<c>netlink_filter.c</c>) instruction for instruction, so
/// both agents attach identical filters. A socket that refuses the filter still works: the
/// readers skip what it would have dropped.</para>
/// </remarks>
internal static class NetlinkFilter
{
    /// <summary>Room for the audit program with every type an audit hub can be asked for (the C agent's bound).</summary>
    public const int MaxInstructions = 160;

    private const uint Accept = 0xffffffff; // keep the whole datagram
    private const uint Drop = 0;
    private const uint FirstRecordType = 1100; // audit records; below are the kernel's replies

    /// <summary>The audit program's instructions besides one check per type.</summary>
    private const int AuditFixedInstructions = 8;

    // Where the proc connector's fields are (see the remarks).
    private const uint ProcWhat = 36;
    private const uint ProcPid = 52;
    private const uint ProcTgid = 56;
    private const uint ProcChildPid = 60;
    private const uint ProcChildTgid = 64;

    /// <summary>
    /// A program that passes every audit netlink message below type 1100 (the kernel's replies:
    /// status, errors and acknowledgements) and the records of <paramref name="types"/> (1100 and
    /// up), and drops the other records.
    /// </summary>
    /// <returns>The program, or null when it would not fit <see cref="MaxInstructions"/> (too many types).</returns>
    public static BpfInstruction[]? AuditRecordTypes(IReadOnlyList<int> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var count = types.Count;
        if (AuditFixedInstructions + count > MaxInstructions)
        {
            return null;
        }
        // nlmsg_type in host order, built from its two bytes (a halfword load would swap them).
        var (high, low) = BitConverter.IsLittleEndian ? (5u, 4u) : (4u, 5u);
        var program = new List<BpfInstruction>(AuditFixedInstructions + count)
        {
            Statement(Ld | SizeByte | Absolute, high),
            Statement(Alu | Lsh | OperandK, 8),
            Statement(Misc | Tax, 0),
            Statement(Ld | SizeByte | Absolute, low),
            Statement(Alu | Or | OperandX, 0),
            // below 1100: on to the accept at the end, past the type checks and the drop
            Jump(Jmp | Jge | OperandK, FirstRecordType, 0, (byte)(count + 1)),
        };
        for (var i = 0; i < count; i++)
        {
            // a match jumps past the remaining checks and the drop
            program.Add(Jump(Jmp | Jeq | OperandK, (uint)types[i], (byte)(count - i), 0));
        }
        program.Add(Statement(Ret | OperandK, Drop));
        program.Add(Statement(Ret | OperandK, Accept));
        return [.. program];
    }

    /// <summary>
    /// A program that passes the proc connector's fork, exec and exit events of processes (thread
    /// group leaders: the task's pid equals its tgid) and drops the rest: threads starting and
    /// ending, comm, uid, gid, sid, ptrace and coredump events, the listen acknowledgement, and
    /// datagrams too short to hold the fields it reads.
    /// </summary>
    public static BpfInstruction[] ProcessEvents() =>
    [
        /* 0 */ Statement(Ld | SizeWord | Absolute, ProcWhat),
        /* 1 */ Jump(Jmp | Jeq | OperandK, AsLoaded((uint)ProcEventKind.Fork), 0, 4),           // fork: 2, else 6
        /* 2 */ Statement(Ld | SizeWord | Absolute, ProcChildPid),
        /* 3 */ Statement(Misc | Tax, 0),
        /* 4 */ Statement(Ld | SizeWord | Absolute, ProcChildTgid),
        /* 5 */ Jump(Jmp | Jeq | OperandX, 0, 6, 7),                                            // 12 or 13
        /* 6 */ Jump(Jmp | Jeq | OperandK, AsLoaded((uint)ProcEventKind.Exec), 1, 0),           // exec: 8
        /* 7 */ Jump(Jmp | Jeq | OperandK, AsLoaded((uint)ProcEventKind.Exit), 0, 5),           // exit: 8, else 13
        /* 8 */ Statement(Ld | SizeWord | Absolute, ProcPid),
        /* 9 */ Statement(Misc | Tax, 0),
        /* 10 */ Statement(Ld | SizeWord | Absolute, ProcTgid),
        /* 11 */ Jump(Jmp | Jeq | OperandX, 0, 0, 1),                                           // 12 or 13
        /* 12 */ Statement(Ret | OperandK, Accept),
        /* 13 */ Statement(Ret | OperandK, Drop),
    ];

    /// <summary>A word load yields the bytes in network order: constants are compared in that order.</summary>
    private static uint AsLoaded(uint host) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(host) : host;
}
