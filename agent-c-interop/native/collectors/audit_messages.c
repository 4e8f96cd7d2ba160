/* audit_messages.c - the audit netlink requests (see audit_messages.h). */
#include "audit_messages.h"

#include <string.h>

#define REQUEST 0x1
#define REQUEST_ACK (0x1 | 0x4)
#define FILTER_EXIT 0x04
#define ACTION_ALWAYS 2
#define FIELD_ARCH 11
#define FIELD_SUCCESS 104
#define FIELD_ARG0 200
#define OPERATOR_EQUAL UINT32_C(0x40000000)

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void header(uint8_t *m, size_t length, uint16_t type, uint16_t flags, uint32_t seq)
{
    memset(m, 0, length);
    put32(m, (uint32_t)length);
    m[4] = (uint8_t)type;
    m[5] = (uint8_t)(type >> 8);
    m[6] = (uint8_t)flags;
    m[7] = (uint8_t)(flags >> 8);
    put32(m + 8, seq);
}

void audit_message_get(uint8_t *m, uint32_t seq)
{
    header(m, AUDIT_GET_LENGTH, AUDIT_MESSAGE_GET, REQUEST, seq);
}

void audit_message_set(uint8_t *m, uint32_t seq, uint32_t mask, uint32_t enabled, uint32_t pid, uint32_t backlog_limit)
{
    header(m, AUDIT_SET_LENGTH, AUDIT_MESSAGE_SET, REQUEST_ACK, seq);
    put32(m + 16, mask);
    put32(m + 16 + 4, enabled);
    put32(m + 16 + 12, pid);
    put32(m + 16 + 20, backlog_limit);
}

/* Appends field == value (AUDIT_EQUAL) to a rule body holding *fields fields. */
static void add_field(uint8_t *body, uint32_t *fields, uint32_t field, uint32_t value)
{
    enum { FIELDS_AT = 12 + 256, VALUES_AT = FIELDS_AT + 256, FLAGS_AT = VALUES_AT + 256 };
    put32(body + FIELDS_AT + 4 * *fields, field);
    put32(body + VALUES_AT + 4 * *fields, value);
    put32(body + FLAGS_AT + 4 * *fields, OPERATOR_EQUAL);
    (*fields)++;
}

static void rule(uint8_t *m, int add, uint32_t seq, uint32_t arch, const int *syscalls, size_t count, int success_only,
                 const uint32_t *arg0)
{
    uint8_t *body = m + 16;
    uint32_t fields = 0;
    header(m, AUDIT_RULE_LENGTH, add ? AUDIT_MESSAGE_ADD_RULE : AUDIT_MESSAGE_DEL_RULE, REQUEST_ACK, seq);
    put32(body, FILTER_EXIT);
    put32(body + 4, ACTION_ALWAYS);
    for (size_t i = 0; i < count; i++) {
        if (syscalls[i] < 0 || syscalls[i] >= 64 * 32)
            continue;
        uint8_t *word = body + 12 + syscalls[i] / 32 * 4;
        put32(word, get32(word) | UINT32_C(1) << (syscalls[i] % 32));
    }
    add_field(body, &fields, FIELD_ARCH, arch);
    if (arg0 != NULL)
        add_field(body, &fields, FIELD_ARG0, *arg0);
    if (success_only)
        add_field(body, &fields, FIELD_SUCCESS, 1);
    put32(body + 8, fields);
}

void audit_message_rule(uint8_t *m, int add, uint32_t seq, uint32_t arch, const int *syscalls, size_t count,
                        int success_only)
{
    rule(m, add, seq, arch, syscalls, count, success_only, NULL);
}

void audit_message_kernel_rule(uint8_t *m, int add, uint32_t seq, const audit_kernel_rule_t *kernel_rule)
{
    rule(m, add, seq, kernel_rule->arch, kernel_rule->syscalls, kernel_rule->count, kernel_rule->success_only,
         kernel_rule->has_arg0 ? &kernel_rule->arg0 : NULL);
}
