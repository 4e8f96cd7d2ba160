/* audit_syscall_test.c - the syscall tables per kernel architecture, as the C# AuditSyscall
 * (checked against the kernel's uapi headers: asm/unistd_64.h, asm/unistd_32.h,
 * asm-generic/unistd.h, arm's asm/unistd-eabi.h, linux/net.h, linux/audit.h), the rules they
 * give per kernel arch, and the rule message with a first-argument filter. */
#include "collector_test_support.h"

#include "audit_messages.h"
#include "audit_syscall.h"

#define X86_64 AUDIT_ARCH_X86_64_VALUE
#define I386 AUDIT_ARCH_I386_VALUE
#define AARCH64 AUDIT_ARCH_AARCH64_VALUE
#define ARM AUDIT_ARCH_ARM_VALUE

static void audit_syscall_arches_follow_the_kernel_machine(void **state)
{
    (void)state;
    static const struct {
        const char *machine;
        size_t count;
        uint32_t arches[2];
    } cases[] = {
        { "x86_64", 2, { X86_64, I386 } }, { "i386", 1, { I386 } },     { "i686", 1, { I386 } },
        { "aarch64", 2, { AARCH64, ARM } }, { "armv7l", 1, { ARM } },   { "armv6l", 1, { ARM } },
        { "armv7b", 0, { 0 } },             { "aarch64_be", 0, { 0 } }, { "riscv64", 0, { 0 } },
        { "", 0, { 0 } },                   { "arm", 0, { 0 } },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t arches[AUDIT_SYSCALL_MAX_ARCHES] = { 0 };
        size_t n = audit_syscall_arches_of(cases[i].machine, strlen(cases[i].machine), arches);
        if (n != cases[i].count)
            fail_msg("%s: %zu arches, expected %zu", cases[i].machine, n, cases[i].count);
        for (size_t a = 0; a < n; a++)
            assert_int_equal(arches[a], cases[i].arches[a]);
    }
    /* this machine: /proc/sys/kernel/arch, whatever this build */
    char machine[65] = { 0 };
    FILE *f = fopen("/proc/sys/kernel/arch", "r");
    if (f != NULL) {
        assert_non_null(fgets(machine, sizeof machine, f));
        fclose(f);
        machine[strcspn(machine, "\n")] = 0;
        uint32_t expected[AUDIT_SYSCALL_MAX_ARCHES], actual[AUDIT_SYSCALL_MAX_ARCHES];
        size_t n = audit_syscall_arches_of(machine, strlen(machine), expected);
        assert_int_equal(audit_syscall_kernel_arches(actual), n);
        assert_memory_equal(actual, expected, n * sizeof expected[0]);
    }
}

static void audit_syscall_numbers_are_named_per_arch(void **state)
{
    (void)state;
    static const struct {
        uint32_t arch;
        int number;
        int syscall;
    } cases[] = {
        { X86_64, 42, AUDIT_SYSCALL_CONNECT },   { X86_64, 43, AUDIT_SYSCALL_ACCEPT },
        { X86_64, 288, AUDIT_SYSCALL_ACCEPT4 },  { X86_64, 59, AUDIT_SYSCALL_EXECVE },
        { X86_64, 322, AUDIT_SYSCALL_EXECVEAT }, { I386, 362, AUDIT_SYSCALL_CONNECT },
        { I386, 364, AUDIT_SYSCALL_ACCEPT4 },    { I386, 11, AUDIT_SYSCALL_EXECVE },
        { I386, 358, AUDIT_SYSCALL_EXECVEAT },   { AARCH64, 203, AUDIT_SYSCALL_CONNECT },
        { AARCH64, 202, AUDIT_SYSCALL_ACCEPT },  { AARCH64, 242, AUDIT_SYSCALL_ACCEPT4 },
        { AARCH64, 221, AUDIT_SYSCALL_EXECVE },  { AARCH64, 281, AUDIT_SYSCALL_EXECVEAT },
        { ARM, 283, AUDIT_SYSCALL_CONNECT },     { ARM, 285, AUDIT_SYSCALL_ACCEPT },
        { ARM, 366, AUDIT_SYSCALL_ACCEPT4 },     { ARM, 11, AUDIT_SYSCALL_EXECVE },
        { ARM, 387, AUDIT_SYSCALL_EXECVEAT },
        { X86_64, 11, -1 }, { X86_64, 102, -1 }, { I386, 42, -1 }, { I386, 43, -1 }, /* i386 has no accept */
        { AARCH64, 42, -1 }, { ARM, 102, -1 }, { 0, 42, -1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (audit_syscall_of(cases[i].arch, (uint64_t)cases[i].number, 0) != cases[i].syscall)
            fail_msg("arch %x number %d", (unsigned)cases[i].arch, cases[i].number);
    assert_string_equal(audit_syscall_name(AUDIT_SYSCALL_ACCEPT4), "accept4");
    assert_null(audit_syscall_name(-1));
    assert_null(audit_syscall_name(5));
}

static int of_text(const char *arch, const char *number, const char *a0, int *socket_call)
{
    return audit_syscall_of_text(arch, arch != NULL ? strlen(arch) : 0, number, number != NULL ? strlen(number) : 0, a0,
                                 a0 != NULL ? strlen(a0) : 0, socket_call);
}

static void audit_syscall_records_are_named_by_their_text(void **state)
{
    (void)state;
    int socket_call;
    /* i386 socketcall: the call is a0, in hex */
    assert_int_equal(of_text("40000003", "102", "3", &socket_call), AUDIT_SYSCALL_CONNECT);
    assert_true(socket_call);
    assert_int_equal(of_text("40000003", "102", "5", &socket_call), AUDIT_SYSCALL_ACCEPT);
    assert_int_equal(of_text("40000003", "102", "12", &socket_call), AUDIT_SYSCALL_ACCEPT4);
    assert_int_equal(of_text("40000003", "102", "2", &socket_call), -1); /* bind */
    assert_true(socket_call);
    assert_int_equal(of_text("40000003", "102", "18", &socket_call), -1); /* 0x18 */
    assert_int_equal(of_text("40000003", "102", "zz", &socket_call), -1);
    assert_false(socket_call);
    assert_int_equal(of_text("40000003", "102", NULL, &socket_call), -1);
    assert_false(socket_call);
    /* arch hex (either case), number decimal */
    assert_int_equal(of_text("c000003e", "42", "3", &socket_call), AUDIT_SYSCALL_CONNECT);
    assert_false(socket_call);
    assert_int_equal(of_text("C000003E", "42", NULL, &socket_call), AUDIT_SYSCALL_CONNECT);
    assert_int_equal(of_text("40000028", "366", NULL, &socket_call), AUDIT_SYSCALL_ACCEPT4);
    assert_int_equal(of_text(NULL, "42", NULL, &socket_call), -1);
    assert_int_equal(of_text("", "42", NULL, &socket_call), -1);
    assert_int_equal(of_text("zz", "42", NULL, &socket_call), -1);
    assert_int_equal(of_text("c000003e", "", NULL, &socket_call), -1);
    assert_int_equal(of_text("c000003e", NULL, NULL, &socket_call), -1);
    assert_int_equal(of_text("c000003e", "-42", NULL, &socket_call), -1);
    assert_int_equal(of_text("1c000003e", "42", NULL, &socket_call), -1);
    assert_int_equal(of_text("c000003e", "102", "3", &socket_call), -1);
    assert_int_equal(of_text("c000003e", "99999999999", NULL, &socket_call), -1);
}

/* The rules in the C# AuditSyscallTests' words: "arch [numbers] success a0=n; ..." */
static void describe(const uint32_t *arches, size_t arch_count, const int *syscalls, size_t count, int success_only,
                     const char *expected)
{
    audit_kernel_rule_t rules[16];
    char text[512] = "";
    size_t n = audit_syscall_expand(arches, arch_count, syscalls, count, success_only, rules, 16);
    assert_true(n <= 16);
    for (size_t r = 0; r < n; r++) {
        size_t at = strlen(text);
        snprintf(text + at, sizeof text - at, "%s%x [", r > 0 ? "; " : "", (unsigned)rules[r].arch);
        for (size_t i = 0; i < rules[r].count; i++) {
            at = strlen(text);
            snprintf(text + at, sizeof text - at, "%s%d", i > 0 ? "," : "", rules[r].syscalls[i]);
        }
        at = strlen(text);
        snprintf(text + at, sizeof text - at, "]%s", rules[r].success_only ? " success" : "");
        if (rules[r].has_arg0) {
            at = strlen(text);
            snprintf(text + at, sizeof text - at, " a0=%u", (unsigned)rules[r].arg0);
        }
    }
    assert_string_equal(text, expected);
}

static void audit_syscall_rules_follow_the_kernel_arches(void **state)
{
    (void)state;
    static const int connect[] = { AUDIT_SYSCALL_CONNECT };
    static const int accept[] = { AUDIT_SYSCALL_ACCEPT, AUDIT_SYSCALL_ACCEPT4 };
    static const int exec[] = { AUDIT_SYSCALL_EXECVE, AUDIT_SYSCALL_EXECVEAT };
    static const uint32_t x86_64[] = { X86_64, I386 }, aarch64[] = { AARCH64, ARM }, arm[] = { ARM }, i386[] = { I386 };
    describe(x86_64, 2, connect, 1, 0, "c000003e [42]; 40000003 [362]; 40000003 [102] a0=3");
    describe(x86_64, 2, accept, 2, 1,
             "c000003e [43,288] success; 40000003 [364] success; 40000003 [102] success a0=5; 40000003 [102] success a0=18");
    describe(x86_64, 2, exec, 2, 1, "c000003e [59,322] success; 40000003 [11,358] success");
    describe(aarch64, 2, connect, 1, 0, "c00000b7 [203]; 40000028 [283]");
    describe(aarch64, 2, accept, 2, 1, "c00000b7 [202,242] success; 40000028 [285,366] success");
    describe(arm, 1, exec, 2, 1, "40000028 [11,387] success");
    describe(i386, 1, exec, 2, 1, "40000003 [11,358] success");
    describe(i386, 0, connect, 1, 0, "");
    /* capacity: the count says how many there are, only capacity are written */
    audit_kernel_rule_t one[1];
    assert_int_equal(audit_syscall_expand(x86_64, 2, accept, 2, 1, one, 1), 4);
    assert_int_equal(one[0].arch, X86_64);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void audit_syscall_rule_message_writes_arch_then_arg0_then_success(void **state)
{
    (void)state;
    enum { FIELDS_AT = 12 + 256, VALUES_AT = FIELDS_AT + 256, FLAGS_AT = VALUES_AT + 256 };
    audit_kernel_rule_t rule = { I386, { 102 }, 1, 1, 1, 18 };
    uint8_t m[AUDIT_RULE_LENGTH];
    audit_message_kernel_rule(m, 1, 7, &rule);
    const uint8_t *body = m + 16;
    assert_int_equal(m[4] | m[5] << 8, AUDIT_MESSAGE_ADD_RULE);
    assert_int_equal(get32(body + 8), 3);
    assert_int_equal(get32(body + 12 + 12), UINT32_C(1) << (102 - 96));
    static const uint32_t fields[] = { 11, 200, 104 }, values[] = { I386, 18, 1 };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(get32(body + FIELDS_AT + 4 * i), fields[i]);
        assert_int_equal(get32(body + VALUES_AT + 4 * i), values[i]);
        assert_int_equal(get32(body + FLAGS_AT + 4 * i), UINT32_C(0x40000000));
    }
    /* without a0 or success: the message the hub sent before, byte for byte */
    static const int connect[] = { 42 };
    uint8_t old[AUDIT_RULE_LENGTH];
    audit_kernel_rule_t plain = { X86_64, { 42 }, 1, 0, 0, 0 };
    audit_message_rule(old, 0, 9, X86_64, connect, 1, 0);
    audit_message_kernel_rule(m, 0, 9, &plain);
    assert_memory_equal(m, old, sizeof m);
    assert_int_equal(get32(old + 16 + 8), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(audit_syscall_arches_follow_the_kernel_machine),
        cmocka_unit_test(audit_syscall_numbers_are_named_per_arch),
        cmocka_unit_test(audit_syscall_records_are_named_by_their_text),
        cmocka_unit_test(audit_syscall_rules_follow_the_kernel_arches),
        cmocka_unit_test(audit_syscall_rule_message_writes_arch_then_arg0_then_success),
    };
    return cmocka_run_group_tests_name("audit_syscall", tests, NULL, NULL);
}
