/* audit_hub.h - the one audit netlink connection of an agent, shared by the collectors that
 * read audit records (ConnectionCreate, Login), as the C# agent's AuditHub. When no audit
 * daemon runs it registers as the daemon (unicast: nothing printed to the kernel log) and
 * enables audit while it runs; when auditd runs it listens read-only on the AUDIT_NLGRP_READLOG
 * multicast group beside it. It adds the syscall rules its subscribers ask for, for each
 * architecture the kernel audits (audit_syscall.h), and when the last subscriber leaves removes
 * them (only those it added: a rule an audit daemon already had is left to it) and restores the
 * audit status. Needs CAP_AUDIT_CONTROL; read-only listening
 * needs CAP_AUDIT_READ.
 *
 * How a collector subscribes (the hub hangs off its sa_agent_t, made by the first subscription
 * and freed with the last):
 *
 *   static void on_event(const audit_record_t *records, size_t count, void *argument) { ... }
 *   static const int types[] = { AUDIT_RECORD_USER_LOGIN, AUDIT_RECORD_USER_AUTH };
 *   init:    status = audit_hub_subscribe(c->agent, on_event, c, NULL, 0, types, 2, &sub,
 *                                         message, sizeof message);  (message: the mode, or why not)
 *            c->fd = audit_hub_fd(sub);   (several collectors share this fd)
 *   collect: audit_hub_receive(sub);      (reads what is queued; completed events go to every
 *                                         subscriber's handler, whichever collector reads)
 *   exit:    audit_hub_unsubscribe(sub);
 *
 * Each handler sees every completed event (records of all subscribers' types, grouped by
 * audit_event_assembler.h) and keeps what it reads; records[0].time_ms is the event time. Types
 * no subscriber asks for do not even reach the socket: a filter the kernel runs drops them
 * (netlink_filter.h; were it refused, they would be received and skipped unparsed). EOE always
 * passes: it completes events. Not thread-safe: the agent's
 * collectors run on one thread. See also: audit_record_parser.h (fields of a record). */
#ifndef SA_AUDIT_HUB_H
#define SA_AUDIT_HUB_H

#include <stddef.h>
#include <stdint.h>

#include "audit_event_assembler.h"
#include "audit_record_parser.h"
#include "secagent.h"

#define AUDIT_HUB_MAX_SUBSCRIBERS 8
#define AUDIT_HUB_MAX_RULES 4
#define AUDIT_HUB_MAX_RULE_SYSCALLS 8
#define AUDIT_HUB_MAX_TYPES 16
#define AUDIT_HUB_MAX_KERNEL_RULES 32 /* a subscription's rules over the kernel's arches */

/* An exit-filter rule on some syscalls, by name (audit_syscall_t): the hub adds it for each
 * architecture the kernel audits (audit_syscall_expand), as the C# AuditRule. */
typedef struct audit_rule {
    const int *syscalls; /* audit_syscall_t values */
    size_t count;        /* at most AUDIT_HUB_MAX_RULE_SYSCALLS */
    int success_only;
} audit_rule_t;

/* handler - one completed event: count >= 1 records, valid during the call only. */
typedef void (*audit_hub_handler_t)(const audit_record_t *records, size_t count, void *argument);

typedef struct audit_subscription audit_subscription_t;

/* The hub's counters, shared by its subscribers. */
typedef struct audit_hub_counters {
    uint64_t overflows;  /* receive-buffer overflows: records were dropped on the way */
    int64_t kernel_lost; /* the kernel's own count of lost records since the hub started */
    uint64_t malformed;  /* messages that were not audit records, records the assembler dropped */
} audit_hub_counters_t;

/* audit_hub_subscribe - subscribes handler(argument) to the completed events of agent's hub,
 * starting the hub with the first subscriber, and adds rules (count rule_count, copied) while
 * subscribed. types (type_count, copied; 0: every type) are the record types the handler reads.
 * Returns SA_OK and *out (free with audit_hub_unsubscribe) and the mode ("audit netlink
 * (unicast)" or "(multicast)") in message; SA_ERR_IO when audit netlink is refused, with why in
 * message; SA_ERR_NO_MEMORY; SA_ERR_INVALID_ARGUMENT for too many subscribers, rules or types. */
sa_status_t audit_hub_subscribe(sa_agent_t *agent, audit_hub_handler_t handler, void *argument,
                                const audit_rule_t *rules, size_t rule_count, const int *types, size_t type_count,
                                audit_subscription_t **out, char *message, size_t capacity);

/* audit_hub_unsubscribe - removes the subscription and its rules; closes the hub with the last.
 * NULL is a no-op. */
void audit_hub_unsubscribe(audit_subscription_t *subscription);

/* audit_hub_fd - the hub's socket, to poll for input (shared by every subscriber). */
int audit_hub_fd(const audit_subscription_t *subscription);

/* audit_hub_mode - "unicast" or "multicast". */
const char *audit_hub_mode(const audit_subscription_t *subscription);

/* audit_hub_receive - reads every queued datagram and hands the events they complete to every
 * subscriber; when nothing came for 200 ms, completes the open events (their EOE is not
 * coming).
 * Asks for the status (lost records) every 5 s. SA_OK, or SA_ERR_IO with why in message. */
sa_status_t audit_hub_receive(audit_subscription_t *subscription, char *message, size_t capacity);

/* audit_hub_get_counters - the hub's counters now. */
void audit_hub_get_counters(const audit_subscription_t *subscription, audit_hub_counters_t *counters);

#endif
