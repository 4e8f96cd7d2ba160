/* audit_syscall.c - syscall numbers per audit arch (see audit_syscall.h). */
#define _GNU_SOURCE
#include "audit_syscall.h"

#include <fcntl.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "text_scan.h"

static const struct {
    uint32_t arch;
    int syscall;
    int number;
} table[] = {
    { AUDIT_ARCH_X86_64_VALUE, AUDIT_SYSCALL_CONNECT, 42 },   { AUDIT_ARCH_X86_64_VALUE, AUDIT_SYSCALL_ACCEPT, 43 },
    { AUDIT_ARCH_X86_64_VALUE, AUDIT_SYSCALL_ACCEPT4, 288 },  { AUDIT_ARCH_X86_64_VALUE, AUDIT_SYSCALL_EXECVE, 59 },
    { AUDIT_ARCH_X86_64_VALUE, AUDIT_SYSCALL_EXECVEAT, 322 },
    { AUDIT_ARCH_I386_VALUE, AUDIT_SYSCALL_CONNECT, 362 },    { AUDIT_ARCH_I386_VALUE, AUDIT_SYSCALL_ACCEPT4, 364 },
    { AUDIT_ARCH_I386_VALUE, AUDIT_SYSCALL_EXECVE, 11 },      { AUDIT_ARCH_I386_VALUE, AUDIT_SYSCALL_EXECVEAT, 358 },
    { AUDIT_ARCH_AARCH64_VALUE, AUDIT_SYSCALL_CONNECT, 203 }, { AUDIT_ARCH_AARCH64_VALUE, AUDIT_SYSCALL_ACCEPT, 202 },
    { AUDIT_ARCH_AARCH64_VALUE, AUDIT_SYSCALL_ACCEPT4, 242 }, { AUDIT_ARCH_AARCH64_VALUE, AUDIT_SYSCALL_EXECVE, 221 },
    { AUDIT_ARCH_AARCH64_VALUE, AUDIT_SYSCALL_EXECVEAT, 281 },
    { AUDIT_ARCH_ARM_VALUE, AUDIT_SYSCALL_CONNECT, 283 },     { AUDIT_ARCH_ARM_VALUE, AUDIT_SYSCALL_ACCEPT, 285 },
    { AUDIT_ARCH_ARM_VALUE, AUDIT_SYSCALL_ACCEPT4, 366 },     { AUDIT_ARCH_ARM_VALUE, AUDIT_SYSCALL_EXECVE, 11 },
    { AUDIT_ARCH_ARM_VALUE, AUDIT_SYSCALL_EXECVEAT, 387 },
};

/* The socketcall calls (linux/net.h) of the socket syscalls. */
static const struct {
    int syscall;
    uint32_t call;
} socket_calls[] = { { AUDIT_SYSCALL_CONNECT, 3 }, { AUDIT_SYSCALL_ACCEPT, 5 }, { AUDIT_SYSCALL_ACCEPT4, 18 } };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *audit_syscall_name(int syscall)
{
    static const char *const names[] = { "connect", "accept", "accept4", "execve", "execveat" };
    return syscall >= 0 && (size_t)syscall < COUNT(names) ? names[syscall] : NULL;
}

static int starts_with(const char *text, size_t length, const char *prefix)
{
    size_t n = strlen(prefix);
    return length >= n && memcmp(text, prefix, n) == 0;
}

size_t audit_syscall_arches_of(const char *machine, size_t length, uint32_t *arches)
{
    if (text_equals(machine, length, "x86_64")) {
        arches[0] = AUDIT_ARCH_X86_64_VALUE;
        arches[1] = AUDIT_ARCH_I386_VALUE;
        return 2;
    }
    if (text_equals(machine, length, "i386") || text_equals(machine, length, "i486")
        || text_equals(machine, length, "i586") || text_equals(machine, length, "i686")) {
        arches[0] = AUDIT_ARCH_I386_VALUE;
        return 1;
    }
    if (text_equals(machine, length, "aarch64")) {
        arches[0] = AUDIT_ARCH_AARCH64_VALUE;
        arches[1] = AUDIT_ARCH_ARM_VALUE;
        return 2;
    }
    if (starts_with(machine, length, "armv") && machine[length - 1] == 'l') {
        arches[0] = AUDIT_ARCH_ARM_VALUE;
        return 1;
    }
    return 0;
}

size_t audit_syscall_kernel_arches(uint32_t *arches)
{
    char machine[sizeof ((struct utsname *)0)->machine];
    size_t length = 0;
    int fd = open("/proc/sys/kernel/arch", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, machine, sizeof machine);
        close(fd);
        length = n > 0 ? (size_t)n : 0;
        size_t start = 0;
        text_trim(machine, &start, &length);
        if (start > 0)
            memmove(machine, machine + start, length -= start);
    }
    if (length == 0) {
        struct utsname names;
        if (uname(&names) != 0)
            return 0;
        length = strnlen(names.machine, sizeof names.machine);
        memcpy(machine, names.machine, length);
    }
    return audit_syscall_arches_of(machine, length, arches);
}

int audit_syscall_of(uint32_t arch, uint64_t number, uint32_t a0)
{
    if (arch == AUDIT_ARCH_I386_VALUE && number == AUDIT_SYSCALL_SOCKETCALL) {
        for (size_t i = 0; i < COUNT(socket_calls); i++)
            if (socket_calls[i].call == a0)
                return socket_calls[i].syscall;
        return -1;
    }
    for (size_t i = 0; i < COUNT(table); i++)
        if (table[i].arch == arch && (uint64_t)table[i].number == number)
            return table[i].syscall;
    return -1;
}

int audit_syscall_of_text(const char *arch, size_t arch_length, const char *number, size_t number_length,
                          const char *a0, size_t a0_length, int *socket_call)
{
    uint32_t arch_value, call;
    uint64_t number_value;
    *socket_call = 0;
    if (arch == NULL || number == NULL || !text_parse_hex32(arch, arch_length, &arch_value)
        || !text_parse_decimal(number, number_length, INT32_MAX, &number_value))
        return -1;
    if (arch_value == AUDIT_ARCH_I386_VALUE && number_value == AUDIT_SYSCALL_SOCKETCALL) {
        if (a0 == NULL || !text_parse_hex32(a0, a0_length, &call))
            return -1;
        *socket_call = 1;
        return audit_syscall_of(arch_value, number_value, call);
    }
    return audit_syscall_of(arch_value, number_value, 0);
}

size_t audit_syscall_expand(const uint32_t *arches, size_t arch_count, const int *syscalls, size_t count,
                            int success_only, audit_kernel_rule_t *out, size_t capacity)
{
    size_t n = 0;
    for (size_t a = 0; a < arch_count; a++) {
        audit_kernel_rule_t rule;
        memset(&rule, 0, sizeof rule);
        rule.arch = arches[a];
        rule.success_only = success_only;
        for (size_t s = 0; s < count; s++)
            for (size_t i = 0; i < COUNT(table); i++)
                if (table[i].arch == arches[a] && table[i].syscall == syscalls[s] && rule.count < COUNT(rule.syscalls))
                    rule.syscalls[rule.count++] = table[i].number;
        if (rule.count > 0 && n++ < capacity)
            out[n - 1] = rule;
        if (arches[a] != AUDIT_ARCH_I386_VALUE)
            continue;
        for (size_t s = 0; s < count; s++)
            for (size_t i = 0; i < COUNT(socket_calls); i++)
                if (socket_calls[i].syscall == syscalls[s] && n++ < capacity) {
                    memset(&out[n - 1], 0, sizeof out[n - 1]);
                    out[n - 1].arch = arches[a];
                    out[n - 1].syscalls[0] = AUDIT_SYSCALL_SOCKETCALL;
                    out[n - 1].count = 1;
                    out[n - 1].success_only = success_only;
                    out[n - 1].has_arg0 = 1;
                    out[n - 1].arg0 = socket_calls[i].call;
                }
    }
    return n;
}
