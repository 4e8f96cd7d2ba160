using System.Buffers.Binary;
using SecurityAgent.Collectors.Linux.Audit;
using SecurityAgent.Collectors.Linux.Interop;

namespace SecurityAgent.Collectors.Linux.Tests.Audit;

/// <summary>
/// Real audit netlink on this machine (root): the hub deletes the rules the kernel took from it
/// and nothing else. On execveat without a success filter, which no collector asks for, on each
/// of the kernel's arches (x86-64: one b64 and one i386 rule).
/// </summary>
[NonParallelizable]
public sealed class AuditHubRuleLiveTests
{
    private static readonly AuditRule Rule = new([AuditSyscall.Execveat], SuccessOnly: false);

    /// <summary>How many rules on the exit filter are exactly <paramref name="rule"/>, read with AUDIT_LIST_RULES.</summary>
    private static int CountRules(KernelRule rule)
    {
        Assert.That(NetlinkSocket.TryOpen(9, 0, 1 << 20, out var socket), Is.Zero);
        using var s = socket!;
        var request = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(request, 16);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(4), 1013);  // AUDIT_LIST_RULES
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(6), 0x301); // NLM_F_REQUEST | NLM_F_DUMP
        Assert.That(s.Send(request), Is.Zero);
        // flags, action, field count, mask, fields, values as added (the field flags the kernel words its own way)
        var expected = AuditMessages.Rule(add: true, 0, rule).AsSpan(16, 12 + (256 * 3)).ToArray();
        var buffer = new byte[1 << 16];
        var count = 0;
        for (var n = s.Receive(buffer); n > 0; n = s.Receive(buffer))
        {
            for (var at = 0; at + 16 <= n;)
            {
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at));
                var type = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + 4));
                if (type is 2 or 3 || length < 16)
                {
                    return count;
                }
                if (length >= 16 + expected.Length && buffer.AsSpan(at + 16, expected.Length).SequenceEqual(expected))
                {
                    count++;
                }
                at += (length + 3) & ~3;
            }
        }
        return count;
    }

    private static void AddByHand(KernelRule rule, bool add)
    {
        Assert.That(NetlinkSocket.TryOpen(9, 0, 1 << 20, out var socket), Is.Zero);
        using var s = socket!;
        Assert.That(s.Send(AuditMessages.Rule(add, 1, rule)), Is.Zero);
        var buffer = new byte[8192];
        var n = s.Receive(buffer);
        Assert.That(n, Is.GreaterThanOrEqualTo(20));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(4)), Is.EqualTo(2));
        Assert.That(BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(16)), Is.Zero);
    }

    [Test]
    public void Unsubscribe_RulesTwoSubscribersWant_StayUntilTheLastLeaves()
    {
        var kernel = AuditSyscall.Expand(AuditSyscall.KernelArches, Rule);
        if (kernel.Count == 0 || kernel.Any(r => CountRules(r) != 0))
        {
            Assert.Ignore("no rules for this kernel's architecture, or an execveat rule is already there");
        }
        var hub = new AuditHub();
        var a = hub.Subscribe(_ => { }, [Rule], out var message);
        if (a is null)
        {
            Assert.Ignore(message);
        }
        Assert.That(kernel.Select(CountRules), Is.All.EqualTo(1));
        var b = hub.Subscribe(_ => { }, [Rule], out message);
        Assert.That(b, Is.Not.Null, message);
        a.Dispose();
        Assert.That(kernel.Select(CountRules), Is.All.EqualTo(1), "b still wants them");
        b!.Dispose();
        Assert.That(kernel.Select(CountRules), Is.All.EqualTo(0));
        Assert.That(hub.Mode, Is.Null);
    }

    [Test]
    public void Unsubscribe_RuleSomeoneElseAdded_IsLeftAlone()
    {
        var kernel = AuditSyscall.Expand(AuditSyscall.KernelArches, Rule);
        if (kernel.Count == 0 || kernel.Any(r => CountRules(r) != 0))
        {
            Assert.Ignore("no rules for this kernel's architecture, or an execveat rule is already there");
        }
        AddByHand(kernel[0], add: true);
        try
        {
            var hub = new AuditHub();
            var a = hub.Subscribe(_ => { }, [Rule], out var message);
            if (a is null)
            {
                Assert.Ignore(message);
            }
            Assert.That(kernel.Select(CountRules), Is.All.EqualTo(1));
            a.Dispose();
            Assert.That(CountRules(kernel[0]), Is.EqualTo(1), "someone else's rule");
            Assert.That(kernel.Skip(1).Select(CountRules), Is.All.EqualTo(0), "the hub's own rules on the compat arch");
        }
        finally
        {
            AddByHand(kernel[0], add: false);
        }
        Assert.That(CountRules(kernel[0]), Is.Zero);
    }
}
