using System.Runtime.InteropServices;

namespace SecurityAgent.Collectors.Linux.Interop;

/// <summary>
/// One classic BPF instruction, laid out as the kernel's <c>struct sock_filter</c> (8 bytes):
/// an array of them is the program <see cref="NetlinkSocket.AttachFilter"/> hands to the kernel.
/// </summary>
/// <param name="Code">The operation (class, size, mode or source bits).</param>
/// <param name="JumpTrue">For a conditional jump: how many instructions to skip when it holds.</param>
/// <param name="JumpFalse">For a conditional jump: how many instructions to skip when it does not.</param>
/// <param name="K">The operand: a constant, an offset, or the length a return keeps.</param>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct BpfInstruction(ushort Code, byte JumpTrue, byte JumpFalse, uint K)
{
    // Opcode bits (linux/bpf_common.h), combined as in the kernel's BPF_STMT and BPF_JUMP.
    public const ushort Ld = 0x00;
    public const ushort Alu = 0x04;
    public const ushort Jmp = 0x05;
    public const ushort Ret = 0x06;
    public const ushort Misc = 0x07;
    public const ushort SizeWord = 0x00;
    public const ushort SizeByte = 0x10;
    public const ushort Absolute = 0x20;
    public const ushort Or = 0x40;
    public const ushort Lsh = 0x60;
    public const ushort Jeq = 0x10;
    public const ushort Jge = 0x30;
    public const ushort OperandK = 0x00; // BPF_K: the operand is K
    public const ushort OperandX = 0x08; // BPF_X: the operand is the X register
    public const ushort Tax = 0x00;      // with Misc: X = A

    /// <summary>BPF_STMT: an instruction that does not jump.</summary>
    public static BpfInstruction Statement(ushort code, uint k) => new(code, 0, 0, k);

    /// <summary>BPF_JUMP: a conditional jump, forward by <paramref name="jumpTrue"/> or <paramref name="jumpFalse"/>.</summary>
    public static BpfInstruction Jump(ushort code, uint k, byte jumpTrue, byte jumpFalse) => new(code, jumpTrue, jumpFalse, k);
}
