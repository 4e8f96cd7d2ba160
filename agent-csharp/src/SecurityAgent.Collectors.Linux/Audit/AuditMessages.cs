using System.Buffers.Binary;

namespace SecurityAgent.Collectors.Linux.Audit;

/// <summary>Builds the audit netlink requests (AUDIT_GET, AUDIT_SET, AUDIT_ADD_RULE, AUDIT_DEL_RULE).</summary>
internal static class AuditMessages
{
    public const ushort Get = 1000;
    public const ushort Set = 1001;
    public const ushort AddRule = 1011;
    public const ushort DelRule = 1012;
    public const ushort NlmsgError = 2;
    public const uint StatusEnabled = 0x1;
    public const uint StatusPid = 0x4;
    public const uint StatusBacklogLimit = 0x10;
    private const ushort RequestAck = 0x1 | 0x4;
    private const int RuleDataLength = 12 + (4 * 64 * 4) + 4;

    /// <summary>AUDIT_GET: asks for the audit status.</summary>
    public static byte[] GetStatus(uint seq) => Header(Get, 0, seq, 0x1);

    /// <summary>AUDIT_SET with the given mask and values.</summary>
    public static byte[] SetStatus(uint seq, uint mask, uint enabled, uint pid, uint backlogLimit)
    {
        var m = Header(Set, 32, seq, RequestAck);
        var body = m.AsSpan(16);
        BinaryPrimitives.WriteUInt32LittleEndian(body, mask);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], enabled);
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], pid);
        BinaryPrimitives.WriteUInt32LittleEndian(body[20..], backlogLimit);
        return m;
    }

    /// <summary>
    /// An exit-filter, always-action rule for <paramref name="syscalls"/> of <paramref name="arch"/>,
    /// optionally with a first argument (a0=, socketcall's call) and success only, in that field order.
    /// </summary>
    public static byte[] Rule(bool add, uint seq, uint arch, IReadOnlyList<int> syscalls, bool successOnly, uint? arg0 = null)
    {
        var m = Header(add ? AddRule : DelRule, RuleDataLength, seq, RequestAck);
        var body = m.AsSpan(16);
        BinaryPrimitives.WriteUInt32LittleEndian(body, 0x04);     // AUDIT_FILTER_EXIT
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], 2);   // AUDIT_ALWAYS
        foreach (var nr in syscalls)
        {
            var word = body[(12 + (nr / 32 * 4))..];
            BinaryPrimitives.WriteUInt32LittleEndian(word, BinaryPrimitives.ReadUInt32LittleEndian(word) | (1u << (nr % 32)));
        }
        var fields = 0;
        Field(body, ref fields, 11, arch);                        // AUDIT_ARCH
        if (arg0 is { } a0)
        {
            Field(body, ref fields, 200, a0);                     // AUDIT_ARG0
        }
        if (successOnly)
        {
            Field(body, ref fields, 104, 1);                      // AUDIT_SUCCESS
        }
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], (uint)fields);
        return m;
    }

    /// <summary>A rule message for one kernel rule.</summary>
    public static byte[] Rule(bool add, uint seq, KernelRule rule) =>
        Rule(add, seq, rule.Arch, rule.Syscalls, rule.SuccessOnly, rule.Arg0);

    /// <summary>Appends field <paramref name="field"/> == <paramref name="value"/> (AUDIT_EQUAL) to a rule body.</summary>
    private static void Field(Span<byte> body, ref int fields, uint field, uint value)
    {
        const int fieldsAt = 12 + 256, valuesAt = fieldsAt + 256, flagsAt = valuesAt + 256;
        BinaryPrimitives.WriteUInt32LittleEndian(body[(fieldsAt + (4 * fields))..], field);
        BinaryPrimitives.WriteUInt32LittleEndian(body[(valuesAt + (4 * fields))..], value);
        BinaryPrimitives.WriteUInt32LittleEndian(body[(flagsAt + (4 * fields))..], 0x40000000); // AUDIT_EQUAL
        fields++;
    }

    private static byte[] Header(ushort type, int bodyLength, uint seq, ushort flags)
    {
        var m = new byte[16 + bodyLength];
        BinaryPrimitives.WriteUInt32LittleEndian(m, (uint)m.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(8), seq);
        return m;
    }
}
