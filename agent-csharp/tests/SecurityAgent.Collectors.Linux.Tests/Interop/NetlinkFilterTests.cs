using System.Buffers.Binary;
using SecurityAgent.Collectors.Linux.Audit;
using SecurityAgent.Collectors.Linux.Interop;
using SecurityAgent.Collectors.Linux.ProcessCreate;

namespace SecurityAgent.Collectors.Linux.Tests.Interop;

/// <summary>
/// The in-kernel datagram filters, run by the kernel itself: attached to a real NETLINK_USERSOCK
/// socket, which another one sends crafted audit records and proc connector events; what arrives
/// is what the filter let through (as the C agent's netlink_filter_test.c).
/// </summary>
[NonParallelizable]
public sealed class NetlinkFilterTests
{
    private const int NetlinkUsersock = 2;
    private const int ProcDatagramLength = 16 + 20 + 16 + 24; // nlmsghdr, cn_msg, proc_event header, union

    /// <summary>A receiver, with the filter under test, and a sender that addresses it.</summary>
    private sealed class Pair : IDisposable
    {
        private Pair(NetlinkSocket receiver, NetlinkSocket sender)
        {
            Receiver = receiver;
            Sender = sender;
        }

        public NetlinkSocket Receiver { get; }

        public NetlinkSocket Sender { get; }

        public static Pair Open()
        {
            var receiverError = NetlinkSocket.TryOpen(NetlinkUsersock, 0, 1 << 20, out var receiver);
            var senderError = NetlinkSocket.TryOpen(NetlinkUsersock, 0, 1 << 20, out var sender);
            if (receiverError != 0 || senderError != 0)
            {
                receiver?.Dispose();
                sender?.Dispose();
                Assert.Ignore($"no NETLINK_USERSOCK here (errno {receiverError}, {senderError})");
            }
            Assert.That(receiver!.LocalPort, Is.Not.Zero);
            return new Pair(receiver, sender!);
        }

        /// <summary>Sends <paramref name="datagram"/> (a netlink header first) with its sequence number set to <paramref name="mark"/>.</summary>
        public void SendMarked(byte[] datagram, uint mark)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(datagram.AsSpan(8), mark);
            Assert.That(Sender.SendTo(datagram, Receiver.LocalPort), Is.Zero);
        }

        /// <summary>The marks of the datagrams that arrived, in order (a send to a netlink socket is queued before it returns).</summary>
        public List<uint> ReceivedMarks()
        {
            var buffer = new byte[512];
            var marks = new List<uint>();
            for (var n = Receiver.ReceiveQueued(buffer); n != 0; n = Receiver.ReceiveQueued(buffer))
            {
                Assert.That(n, Is.GreaterThanOrEqualTo(16));
                marks.Add(BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(8)));
            }
            return marks;
        }

        public void Dispose()
        {
            Receiver.Dispose();
            Sender.Dispose();
        }
    }

    private static void SendAudit(Pair pair, ushort type)
    {
        var datagram = new byte[64];
        datagram.AsSpan().Fill((byte)'x');
        BinaryPrimitives.WriteUInt32LittleEndian(datagram, (uint)datagram.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(datagram.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(datagram.AsSpan(6), 0);  // flags
        BinaryPrimitives.WriteUInt32LittleEndian(datagram.AsSpan(12), 0); // port id
        pair.SendMarked(datagram, type);
    }

    /// <summary>A proc connector datagram as the kernel lays it out: what at 36, the union's words (pid/tgid pairs) from 52.</summary>
    private static void SendProc(Pair pair, uint what, uint[] words, int length, uint mark)
    {
        var datagram = new byte[ProcDatagramLength];
        BinaryPrimitives.WriteUInt32LittleEndian(datagram, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(datagram.AsSpan(4), 3); // NLMSG_DONE
        BinaryPrimitives.WriteUInt32LittleEndian(datagram.AsSpan(36), what);
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(datagram.AsSpan(52 + (4 * i)), words[i]);
        }
        pair.SendMarked(datagram[..length], mark);
    }

    [Test]
    public void AuditRecordTypes_Attached_PassesRepliesAndTheGivenRecordTypesOnly()
    {
        using var pair = Pair.Open();
        var program = NetlinkFilter.AuditRecordTypes([AuditRecordType.Syscall, AuditRecordType.Execve, AuditRecordType.Eoe]);
        Assert.That(program, Is.Not.Null);
        Assert.That(pair.Receiver.AttachFilter(program), Is.Zero);
        Assert.That(pair.Receiver.FilterLength, Is.EqualTo(program!.Length));
        ushort[] sent = [1000, 2, 1300, 1307, 1302, 1309, 1302, 1327, 1320, 1112, 1099, 1100, 0x1405 /* 1300 byte-swapped */];
        foreach (var type in sent)
        {
            SendAudit(pair, type);
        }
        Assert.That(pair.ReceivedMarks(), Is.EqualTo(new uint[] { 1000, 2, 1300, 1309, 1320, 1099 }));

        // removed: every datagram passes again
        Assert.That(pair.Receiver.AttachFilter([]), Is.Zero);
        Assert.That(pair.Receiver.FilterLength, Is.Zero);
        SendAudit(pair, 1302);
        Assert.That(pair.ReceivedMarks(), Is.EqualTo(new uint[] { 1302 }));
        Assert.That(pair.Receiver.AttachFilter([]), Is.Zero, "none to remove: fine");
    }

    [Test]
    public void ProcessEvents_Attached_PassesForkExecAndExitOfProcessesOnly()
    {
        using var pair = Pair.Open();
        Assert.That(pair.Receiver.AttachFilter(NetlinkFilter.ProcessEvents()), Is.Zero);
        const uint Fork = (uint)ProcEventKind.Fork, Exec = (uint)ProcEventKind.Exec, Exit = (uint)ProcEventKind.Exit;
        // fork: parent pid, parent tgid, child pid, child tgid
        SendProc(pair, Fork, [10, 10, 20, 20], ProcDatagramLength, 1);  // a process: kept
        SendProc(pair, Fork, [10, 10, 21, 20], ProcDatagramLength, 2);  // a thread: dropped
        SendProc(pair, Exec, [20, 20], ProcDatagramLength, 3);          // kept
        SendProc(pair, 0x200 /* comm */, [20, 20], ProcDatagramLength, 4);
        SendProc(pair, 0x4 /* uid */, [20, 20], ProcDatagramLength, 5);
        SendProc(pair, 0 /* listen acknowledgement */, [0, 0], ProcDatagramLength, 6);
        SendProc(pair, Exit, [21, 20], ProcDatagramLength, 7);          // a thread: dropped
        SendProc(pair, Exit, [20, 20], ProcDatagramLength, 8);          // kept
        SendProc(pair, Exit, [20, 20], 54, 9);                          // cut inside the pid: dropped
        Assert.That(pair.ReceivedMarks(), Is.EqualTo(new uint[] { 1, 3, 8 }));
    }

    [Test]
    public void AuditRecordTypes_MoreTypesThanFit_IsNull()
    {
        var types = Enumerable.Range(1100, 200).ToArray();
        Assert.That(NetlinkFilter.AuditRecordTypes(types), Is.Null);
        Assert.That(NetlinkFilter.AuditRecordTypes(types[..150]), Has.Length.EqualTo(158));
        Assert.That(NetlinkFilter.AuditRecordTypes(types[..152]), Has.Length.EqualTo(NetlinkFilter.MaxInstructions));
    }

    /// <summary>
    /// The C agent's programs (netlink_filter.c) cannot be read here without its library, so the
    /// lengths and the instructions that carry the layout, the byte order and the jumps are pinned.
    /// </summary>
    [Test]
    public void AuditRecordTypes_IsTheCAgentsProgram()
    {
        var program = NetlinkFilter.AuditRecordTypes([1300, 1309, 1320])!;
        Assert.That(program, Has.Length.EqualTo(8 + 3));
        Assert.Multiple(() =>
        {
            Assert.That(program[0], Is.EqualTo(new BpfInstruction(0x30, 0, 0, 5)), "ld [5]: the type's high byte (little-endian)");
            Assert.That(program[1], Is.EqualTo(new BpfInstruction(0x64, 0, 0, 8)), "lsh #8");
            Assert.That(program[2], Is.EqualTo(new BpfInstruction(0x07, 0, 0, 0)), "tax");
            Assert.That(program[3], Is.EqualTo(new BpfInstruction(0x30, 0, 0, 4)), "ld [4]: its low byte");
            Assert.That(program[4], Is.EqualTo(new BpfInstruction(0x4c, 0, 0, 0)), "or x");
            Assert.That(program[5], Is.EqualTo(new BpfInstruction(0x35, 0, 4, 1100)), "jge #1100, else to the accept");
            Assert.That(program[6], Is.EqualTo(new BpfInstruction(0x15, 3, 0, 1300)), "jeq #1300, to the accept");
            Assert.That(program[8], Is.EqualTo(new BpfInstruction(0x15, 1, 0, 1320)), "jeq #1320, to the accept");
            Assert.That(program[9], Is.EqualTo(new BpfInstruction(0x06, 0, 0, 0)), "ret #0: drop");
            Assert.That(program[10], Is.EqualTo(new BpfInstruction(0x06, 0, 0, 0xffffffff)), "ret #-1: the whole datagram");
        });
    }

    [Test]
    public void ProcessEvents_IsTheCAgentsProgram()
    {
        var program = NetlinkFilter.ProcessEvents();
        Assert.That(program, Has.Length.EqualTo(14));
        Assert.Multiple(() =>
        {
            Assert.That(program[0], Is.EqualTo(new BpfInstruction(0x20, 0, 0, 36)), "ld [36]: what");
            Assert.That(program[1], Is.EqualTo(new BpfInstruction(0x15, 0, 4, 0x01000000)), "jeq fork, as a word load sees it");
            Assert.That(program[4], Is.EqualTo(new BpfInstruction(0x20, 0, 0, 64)), "ld [64]: the child's tgid");
            Assert.That(program[5], Is.EqualTo(new BpfInstruction(0x1d, 6, 7, 0)), "jeq x: accept or drop");
            Assert.That(program[6], Is.EqualTo(new BpfInstruction(0x15, 1, 0, 0x02000000)), "jeq exec");
            Assert.That(program[7], Is.EqualTo(new BpfInstruction(0x15, 0, 5, 0x00000080)), "jeq exit, else drop");
            Assert.That(program[8], Is.EqualTo(new BpfInstruction(0x20, 0, 0, 52)), "ld [52]: pid");
            Assert.That(program[11], Is.EqualTo(new BpfInstruction(0x1d, 0, 1, 0)), "jeq x: accept, else drop");
            Assert.That(program[12], Is.EqualTo(new BpfInstruction(0x06, 0, 0, 0xffffffff)), "ret #-1");
            Assert.That(program[13], Is.EqualTo(new BpfInstruction(0x06, 0, 0, 0)), "ret #0");
        });
    }
}
