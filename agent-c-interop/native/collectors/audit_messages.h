/* audit_messages.h - the audit netlink requests, as the C# agent's AuditMessages builds them
 * (AUDIT_GET, AUDIT_SET, AUDIT_ADD_RULE, AUDIT_DEL_RULE), little-endian, into caller buffers. */
#ifndef SA_AUDIT_MESSAGES_H
#define SA_AUDIT_MESSAGES_H

#include <stddef.h>
#include <stdint.h>

#include "audit_syscall.h"

#define AUDIT_MESSAGE_GET 1000
#define AUDIT_MESSAGE_SET 1001
#define AUDIT_MESSAGE_ADD_RULE 1011
#define AUDIT_MESSAGE_DEL_RULE 1012
#define AUDIT_MESSAGE_NLMSG_ERROR 2
#define AUDIT_STATUS_ENABLED UINT32_C(0x1)
#define AUDIT_STATUS_PID UINT32_C(0x4)
#define AUDIT_STATUS_BACKLOG_LIMIT UINT32_C(0x10)

#define AUDIT_GET_LENGTH 16
#define AUDIT_SET_LENGTH (16 + 32)
#define AUDIT_RULE_LENGTH (16 + 12 + 4 * 64 * 4 + 4)

/* audit_message_get - AUDIT_GET (asks for the status) into m[AUDIT_GET_LENGTH]. */
void audit_message_get(uint8_t *m, uint32_t seq);

/* audit_message_set - AUDIT_SET with mask and values, ack requested, into m[AUDIT_SET_LENGTH]. */
void audit_message_set(uint8_t *m, uint32_t seq, uint32_t mask, uint32_t enabled, uint32_t pid, uint32_t backlog_limit);

/* audit_message_rule - an exit-filter, always-action rule on count syscalls of arch, success
 * only or not, ack requested, into m[AUDIT_RULE_LENGTH]. Numbers outside 0..2047 are left out. */
void audit_message_rule(uint8_t *m, int add, uint32_t seq, uint32_t arch, const int *syscalls, size_t count,
                        int success_only);

/* audit_message_kernel_rule - the same for one kernel rule (audit_syscall.h): fields arch, then
 * a0 when it has one, then success, as the C# AuditMessages.Rule writes them. */
void audit_message_kernel_rule(uint8_t *m, int add, uint32_t seq, const audit_kernel_rule_t *kernel_rule);

#endif
