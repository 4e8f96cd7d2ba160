/* audit_syscall.h - the syscalls the audit collectors ask for (connect, accept, accept4,
 * execve, execveat), with their numbers on each architecture the kernel may audit, as the C#
 * agent's AuditSyscall. Rules follow the kernel, not this build: a 64-bit kernel runs 32-bit
 * processes too, whose syscalls carry their own AUDIT_ARCH and numbers, and the i386 and armhf
 * agents may run on a 64-bit kernel. A record is named by its own arch= field.
 *
 * Numbers from the kernel's uapi headers (asm/unistd_64.h, asm/unistd_32.h,
 * asm-generic/unistd.h, arm's asm/unistd-eabi.h). 32-bit x86 has no accept syscall and reaches
 * connect, accept and accept4 through socketcall (102) too, which glibc still uses there:
 * socketcall is audited with a filter on its first argument (linux/net.h SYS_CONNECT 3,
 * SYS_ACCEPT 5, SYS_ACCEPT4 18), and its arguments come in a SOCKETCALL record. */
#ifndef SA_AUDIT_SYSCALL_H
#define SA_AUDIT_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

#define AUDIT_ARCH_X86_64_VALUE UINT32_C(0xC000003E)
#define AUDIT_ARCH_I386_VALUE UINT32_C(0x40000003)
#define AUDIT_ARCH_AARCH64_VALUE UINT32_C(0xC00000B7)
#define AUDIT_ARCH_ARM_VALUE UINT32_C(0x40000028) /* EABI, little-endian */
#define AUDIT_SYSCALL_SOCKETCALL 102          /* on i386 */
#define AUDIT_SYSCALL_MAX_ARCHES 2

/* The syscalls, by name (not number: that depends on the arch). */
typedef enum audit_syscall {
    AUDIT_SYSCALL_CONNECT,
    AUDIT_SYSCALL_ACCEPT,
    AUDIT_SYSCALL_ACCEPT4,
    AUDIT_SYSCALL_EXECVE,
    AUDIT_SYSCALL_EXECVEAT
} audit_syscall_t;

/* One exit-filter rule as the kernel takes it: one arch, syscall numbers, success only or not,
 * and when has_arg0 a first argument the call must have (a0=, socketcall's call). */
typedef struct audit_kernel_rule {
    uint32_t arch;
    int syscalls[8];
    size_t count;
    int success_only;
    int has_arg0;
    uint32_t arg0;
} audit_kernel_rule_t;

/* audit_syscall_name - "connect", "accept", ... (as the C# names), or NULL. */
const char *audit_syscall_name(int syscall);

/* audit_syscall_arches_of - the AUDIT_ARCH values whose syscalls a kernel of this uname machine
 * audits: its own, then the 32-bit one its compat layer runs (x86_64: i386; aarch64: arm).
 * machine[0..length). Writes at most AUDIT_SYSCALL_MAX_ARCHES, returns how many (0: unknown). */
size_t audit_syscall_arches_of(const char *machine, size_t length, uint32_t *arches);

/* audit_syscall_kernel_arches - those of this machine's kernel: /proc/sys/kernel/arch (which a
 * 32-bit personality does not change), else uname(). */
size_t audit_syscall_kernel_arches(uint32_t *arches);

/* audit_syscall_of - the syscall that number is on arch (a socketcall named by its call a0),
 * or -1 for any other. */
int audit_syscall_of(uint32_t arch, uint64_t number, uint32_t a0);

/* audit_syscall_of_text - as the C# AuditSyscall.NameOf over a SYSCALL record's values: arch
 * hex, number decimal, a0 hex (read only for socketcall); -1 when one is missing (NULL) or
 * malformed. *socket_call says the call went through socketcall. */
int audit_syscall_of_text(const char *arch, size_t arch_length, const char *number, size_t number_length,
                          const char *a0, size_t a0_length, int *socket_call);

/* audit_syscall_expand - the kernel rules auditing syscalls[0..count) on each of arches: per
 * arch one rule on the syscalls it has, then on i386 one socketcall rule per socket syscall,
 * filtered on its call. Writes at most capacity rules; returns how many there are (more than
 * capacity: some were not written). */
size_t audit_syscall_expand(const uint32_t *arches, size_t arch_count, const int *syscalls, size_t count,
                            int success_only, audit_kernel_rule_t *out, size_t capacity);

#endif
