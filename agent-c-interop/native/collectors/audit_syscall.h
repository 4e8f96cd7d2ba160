/* audit_syscall.h - the syscalls the audit collectors ask for, with their numbers on this
 * architecture, as the C# agent's AuditSyscall: rules are added on x86_64 and aarch64 only
 * (AUDIT_ARCH 0 elsewhere: no rules, records only if an audit daemon's own rules make them);
 * names are read with the aarch64 numbers on aarch64 and the x86_64 numbers everywhere else. */
#ifndef SA_AUDIT_SYSCALL_H
#define SA_AUDIT_SYSCALL_H

#include <stdint.h>

#if defined(__x86_64__)
#define AUDIT_SYSCALL_ARCH UINT32_C(0xC000003E)
#elif defined(__aarch64__)
#define AUDIT_SYSCALL_ARCH UINT32_C(0xC00000B7)
#else
#define AUDIT_SYSCALL_ARCH UINT32_C(0)
#endif

#if defined(__aarch64__)
#define AUDIT_SYSCALL_CONNECT 203
#define AUDIT_SYSCALL_ACCEPT 202
#define AUDIT_SYSCALL_ACCEPT4 242
#define AUDIT_SYSCALL_EXECVE 221
#define AUDIT_SYSCALL_EXECVEAT 281
#else
#define AUDIT_SYSCALL_CONNECT 42
#define AUDIT_SYSCALL_ACCEPT 43
#define AUDIT_SYSCALL_ACCEPT4 288
#define AUDIT_SYSCALL_EXECVE 59
#define AUDIT_SYSCALL_EXECVEAT 322
#endif

#endif
