/* audit_hub.c - the agent's shared audit netlink connection (see audit_hub.h). */
#define _GNU_SOURCE
#include "audit_hub.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "audit_messages.h"
#include "audit_socket.h"
#include "audit_syscall.h"
#include "netlink_filter.h"
#include "netlink_socket.h"

#define RECEIVE_BUFFER (8 << 20)
#define STATUS_INTERVAL_MS 5000
#define MAX_DATAGRAMS 4096 /* per receive: the rest waits for the next */
#define SLOT_SIZE 9216     /* a kernel audit datagram: 16-byte header and at most 8,970 bytes of text */
#define QUIET_MS 200      /* no datagram for this long: open events are complete (the C# receive timeout) */

typedef struct subscribed_rule {
    audit_kernel_rule_t rule;
    int added; /* the kernel took our add (an EEXIST rule belongs to someone else) */
} subscribed_rule_t;

struct audit_subscription {
    struct audit_hub *hub;
    audit_hub_handler_t handler;
    void *argument;
    subscribed_rule_t rules[AUDIT_HUB_MAX_KERNEL_RULES];
    size_t rule_count;
    int types[AUDIT_HUB_MAX_TYPES];
    size_t type_count; /* 0: every type */
};

typedef struct audit_hub {
    sa_agent_t *agent;
    sa_allocator_t *allocator;
    int fd;
    const char *mode;
    uint32_t seq;
    uint32_t old_enabled, old_backlog, lost_baseline;
    uint32_t arches[AUDIT_SYSCALL_MAX_ARCHES]; /* the kernel's: rules are added for each */
    size_t arch_count;
    audit_hub_counters_t counters;
    int64_t last_status_ms;
    int64_t last_datagram_ms;
    audit_subscription_t *subscribers[AUDIT_HUB_MAX_SUBSCRIBERS];
    size_t subscriber_count;
    /* a reply being waited for (rule added or not) */
    uint32_t wait_seq;
    int wait_done, wait_error;
    audit_event_assembler_t assembler;
    uint8_t buffer[64 << 10];
} audit_hub_t;

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void deliver(const audit_record_t *records, size_t count, void *argument)
{
    audit_hub_t *hub = argument;
    for (size_t i = 0; i < hub->subscriber_count; i++)
        hub->subscribers[i]->handler(records, count, hub->subscribers[i]->argument);
}

/* Whether some subscriber reads records of type (EOE always: it completes events). */
static int wanted(const audit_hub_t *hub, int type)
{
    if (type == AUDIT_RECORD_EOE)
        return 1;
    for (size_t i = 0; i < hub->subscriber_count; i++) {
        const audit_subscription_t *s = hub->subscribers[i];
        if (s->type_count == 0)
            return 1;
        for (size_t t = 0; t < s->type_count; t++)
            if (s->types[t] == type)
                return 1;
    }
    return 0;
}

/* Adds the types of s to the set types (count *count) not there yet; 0 when s reads every type. */
static int add_types(const audit_subscription_t *s, int *types, size_t *count)
{
    if (s->type_count == 0)
        return 0;
    for (size_t t = 0; t < s->type_count; t++) {
        size_t i = 0;
        while (i < *count && types[i] != s->types[t])
            i++;
        if (i == *count)
            types[(*count)++] = s->types[t];
    }
    return 1;
}

/* Lets only the records some subscriber reads (and EOE) into the socket: the kernel drops the
 * rest before queueing them (netlink_filter.h). joining: a subscriber not in the list yet, or
 * NULL. Without a filter every record is received and wanted() skips it: no event is lost. */
static void filter_records(audit_hub_t *hub, const audit_subscription_t *joining)
{
    int types[1 + AUDIT_HUB_MAX_SUBSCRIBERS * AUDIT_HUB_MAX_TYPES] = { AUDIT_RECORD_EOE };
    size_t count = 1, length = 0;
    int all = joining != NULL && !add_types(joining, types, &count);
    for (size_t i = 0; i < hub->subscriber_count && !all; i++)
        all = !add_types(hub->subscribers[i], types, &count);
    struct sock_filter program[NETLINK_FILTER_MAX_INSTRUCTIONS];
    if (!all)
        length = netlink_filter_audit_types(types, count, program, NETLINK_FILTER_MAX_INSTRUCTIONS);
    (void)netlink_socket_attach_filter(hub->fd, program, length);
}

static void on_status(uint32_t lost, void *argument)
{
    audit_hub_t *hub = argument;
    hub->counters.kernel_lost = (int64_t)lost - (int64_t)hub->lost_baseline;
}

static void on_record(int type, const char *text, size_t length, void *argument)
{
    audit_hub_t *hub = argument;
    audit_record_t record;
    if (!wanted(hub, type))
        return; /* no subscriber reads this type: not decoded at all */
    if (!audit_record_parse(type, text, length, &record)) {
        hub->counters.malformed++;
        return;
    }
    uint64_t dropped = hub->assembler.dropped;
    audit_event_assembler_add(&hub->assembler, &record);
    hub->counters.malformed += hub->assembler.dropped - dropped;
}

static void on_reply(uint32_t seq, int error, void *argument)
{
    audit_hub_t *hub = argument;
    if (hub->wait_seq != 0 && seq == hub->wait_seq) {
        hub->wait_done = 1;
        hub->wait_error = error;
    }
}

static const audit_datagram_visitor_t visitor = { on_status, on_record, on_reply };

static void dispatch(audit_hub_t *hub, const uint8_t *datagram, size_t length)
{
    if (audit_datagram_walk(datagram, length, &visitor, hub))
        hub->counters.malformed++;
}

/* Sends a request and waits for its acknowledgement, handing on the records read meanwhile.
 * 0, the kernel's errno, or -1 when none came. */
static int request(audit_hub_t *hub, const uint8_t *message, size_t length)
{
    uint32_t seq = (uint32_t)message[8] | (uint32_t)message[9] << 8 | (uint32_t)message[10] << 16
                   | (uint32_t)message[11] << 24;
    if (audit_socket_send(hub->fd, message, length) != 0)
        return -1;
    hub->wait_seq = seq;
    hub->wait_done = 0;
    for (int attempt = 0; attempt < 64 && !hub->wait_done; attempt++) {
        ssize_t n = audit_socket_receive(hub->fd, hub->buffer, sizeof hub->buffer, 1000);
        if (n == 0)
            break;
        if (n == -ENOBUFS)
            hub->counters.overflows++;
        else if (n > 0)
            dispatch(hub, hub->buffer, (size_t)n);
    }
    hub->wait_seq = 0;
    return hub->wait_done ? hub->wait_error : -1;
}

static void send_rule(audit_hub_t *hub, subscribed_rule_t *rule, int add)
{
    uint8_t message[AUDIT_RULE_LENGTH];
    audit_message_kernel_rule(message, add, ++hub->seq, &rule->rule);
    if (add)
        rule->added = request(hub, message, sizeof message) == 0;
    else
        (void)audit_socket_send(hub->fd, message, sizeof message);
}

/* Opens the connection: as the audit daemon when none runs, else read-only beside it. */
static sa_status_t start(audit_hub_t *hub, char *message, size_t capacity)
{
    audit_status_t status;
    int fd = audit_socket_open(0, RECEIVE_BUFFER);
    if (fd < 0) {
        snprintf(message, capacity, "audit netlink refused (errno %d)", -fd);
        return SA_ERR_IO;
    }
    hub->fd = fd;
    if (audit_socket_get_status(fd, ++hub->seq, &status) != 0) {
        snprintf(message, capacity, "audit status unavailable (needs CAP_AUDIT_CONTROL)");
        goto refused;
    }
    hub->old_enabled = status.enabled;
    hub->old_backlog = status.backlog_limit;
    hub->lost_baseline = status.lost;
    if (status.pid == 0) {
        uint8_t set[AUDIT_SET_LENGTH];
        audit_message_set(set, ++hub->seq, AUDIT_STATUS_PID | AUDIT_STATUS_ENABLED | AUDIT_STATUS_BACKLOG_LIMIT, 1,
                          (uint32_t)getpid(), status.backlog_limit > 8192 ? status.backlog_limit : 8192);
        if (audit_socket_send(fd, set, sizeof set) != 0 || audit_socket_ack(fd) != 0) {
            snprintf(message, capacity, "could not register as the audit daemon (needs CAP_AUDIT_CONTROL)");
            goto refused;
        }
        hub->mode = "unicast";
    } else {
        audit_socket_close(fd);
        hub->fd = fd = audit_socket_open(AUDIT_GROUP_READLOG, RECEIVE_BUFFER);
        if (fd < 0) {
            snprintf(message, capacity, "auditd (pid %u) owns audit and the read-only multicast group was refused "
                     "(errno %d, needs CAP_AUDIT_READ)", (unsigned)status.pid, -fd);
            return SA_ERR_IO;
        }
        hub->mode = "multicast";
    }
    hub->last_status_ms = hub->last_datagram_ms = now_ms();
    return SA_OK;
refused:
    audit_socket_close(hub->fd);
    hub->fd = -1;
    return SA_ERR_IO;
}

static void stop(audit_hub_t *hub)
{
    if (hub->fd >= 0 && hub->mode != NULL && strcmp(hub->mode, "unicast") == 0) {
        uint8_t set[AUDIT_SET_LENGTH];
        audit_message_set(set, ++hub->seq, AUDIT_STATUS_PID | AUDIT_STATUS_ENABLED | AUDIT_STATUS_BACKLOG_LIMIT,
                          hub->old_enabled, 0, hub->old_backlog);
        (void)audit_socket_send(hub->fd, set, sizeof set);
    }
    audit_socket_close(hub->fd);
    audit_event_assembler_release(&hub->assembler);
    hub->agent->audit_hub = NULL;
    alloc_free(hub->allocator, hub);
}

sa_status_t audit_hub_subscribe(sa_agent_t *agent, audit_hub_handler_t handler, void *argument,
                                const audit_rule_t *rules, size_t rule_count, const int *types, size_t type_count,
                                audit_subscription_t **out, char *message, size_t capacity)
{
    audit_hub_t *hub = agent->audit_hub;
    audit_subscription_t *s = NULL;
    sa_status_t status;
    *out = NULL;
    if (rule_count > AUDIT_HUB_MAX_RULES || type_count > AUDIT_HUB_MAX_TYPES
        || (hub != NULL && hub->subscriber_count == AUDIT_HUB_MAX_SUBSCRIBERS)) {
        snprintf(message, capacity, "too many audit subscribers, rules or record types");
        return SA_ERR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < rule_count; i++)
        if (rules[i].count > AUDIT_HUB_MAX_RULE_SYSCALLS) {
            snprintf(message, capacity, "too many syscalls in an audit rule");
            return SA_ERR_INVALID_ARGUMENT;
        }
    uint32_t arches[AUDIT_SYSCALL_MAX_ARCHES] = { 0 };
    size_t arch_count = hub != NULL ? hub->arch_count : audit_syscall_kernel_arches(arches), expanded = 0;
    if (hub != NULL)
        memcpy(arches, hub->arches, sizeof arches);
    audit_kernel_rule_t kernel_rules[AUDIT_HUB_MAX_KERNEL_RULES];
    for (size_t i = 0; i < rule_count && expanded <= AUDIT_HUB_MAX_KERNEL_RULES; i++)
        expanded += audit_syscall_expand(arches, arch_count, rules[i].syscalls, rules[i].count, rules[i].success_only,
                                         kernel_rules + expanded, expanded < AUDIT_HUB_MAX_KERNEL_RULES
                                                                      ? AUDIT_HUB_MAX_KERNEL_RULES - expanded : 0);
    if (expanded > AUDIT_HUB_MAX_KERNEL_RULES) {
        snprintf(message, capacity, "too many audit rules over the kernel's architectures");
        return SA_ERR_INVALID_ARGUMENT;
    }
    s = alloc_calloc(&agent->allocator, 1, sizeof *s);
    if (s == NULL) {
        snprintf(message, capacity, "out of memory");
        return SA_ERR_NO_MEMORY;
    }
    if (hub == NULL) {
        hub = alloc_calloc(&agent->allocator, 1, sizeof *hub);
        if (hub == NULL) {
            alloc_free(&agent->allocator, s);
            snprintf(message, capacity, "out of memory");
            return SA_ERR_NO_MEMORY;
        }
        hub->agent = agent;
        hub->allocator = &agent->allocator;
        hub->fd = -1;
        memcpy(hub->arches, arches, sizeof arches);
        hub->arch_count = arch_count;
        audit_event_assembler_init(&hub->assembler, hub->allocator, deliver, hub);
        status = start(hub, message, capacity);
        if (status != SA_OK) {
            alloc_free(&agent->allocator, hub);
            alloc_free(&agent->allocator, s);
            return status;
        }
        agent->audit_hub = hub;
    }
    s->hub = hub;
    s->handler = handler;
    s->argument = argument;
    s->type_count = type_count;
    if (type_count > 0)
        memcpy(s->types, types, type_count * sizeof *types);
    s->rule_count = expanded;
    filter_records(hub, s);
    for (size_t i = 0; i < s->rule_count; i++) {
        s->rules[i].rule = kernel_rules[i];
        send_rule(hub, &s->rules[i], 1);
    }
    hub->subscribers[hub->subscriber_count++] = s;
    snprintf(message, capacity, "audit netlink (%s)", hub->mode);
    *out = s;
    return SA_OK;
}

static int same_rule(const subscribed_rule_t *a, const subscribed_rule_t *b)
{
    const audit_kernel_rule_t *x = &a->rule, *y = &b->rule;
    return x->arch == y->arch && x->count == y->count && x->success_only == y->success_only
           && x->has_arg0 == y->has_arg0 && (!x->has_arg0 || x->arg0 == y->arg0)
           && memcmp(x->syscalls, y->syscalls, x->count * sizeof(int)) == 0;
}

/* The same rule held by another subscriber, or NULL. */
static subscribed_rule_t *shared_rule(audit_hub_t *hub, const subscribed_rule_t *rule)
{
    for (size_t i = 0; i < hub->subscriber_count; i++)
        for (size_t r = 0; r < hub->subscribers[i]->rule_count; r++)
            if (same_rule(&hub->subscribers[i]->rules[r], rule))
                return &hub->subscribers[i]->rules[r];
    return NULL;
}

void audit_hub_unsubscribe(audit_subscription_t *subscription)
{
    if (subscription == NULL)
        return;
    audit_hub_t *hub = subscription->hub;
    for (size_t i = 0; i < hub->subscriber_count; i++)
        if (hub->subscribers[i] == subscription) {
            /* the others keep their order: events are delivered in subscription order */
            memmove(&hub->subscribers[i], &hub->subscribers[i + 1],
                    (hub->subscriber_count - i - 1) * sizeof hub->subscribers[0]);
            hub->subscriber_count--;
            break;
        }
    for (size_t r = 0; r < subscription->rule_count; r++) {
        subscribed_rule_t *rule = &subscription->rules[r], *other = shared_rule(hub, rule);
        if (other != NULL)
            other->added |= rule->added; /* still wanted: the other subscriber now owns it */
        else if (rule->added)
            send_rule(hub, rule, 0);
    }
    alloc_free(hub->allocator, subscription);
    if (hub->subscriber_count == 0)
        stop(hub);
    else
        filter_records(hub, NULL);
}

int audit_hub_fd(const audit_subscription_t *subscription)
{
    return subscription->hub->fd;
}

const char *audit_hub_mode(const audit_subscription_t *subscription)
{
    return subscription->hub->mode;
}

sa_status_t audit_hub_receive(audit_subscription_t *subscription, char *message, size_t capacity)
{
    audit_hub_t *hub = subscription->hub;
    int received = 0;
    /* a burst of datagrams per system call, each in a slot of the buffer */
    ssize_t lengths[sizeof hub->buffer / SLOT_SIZE];
    for (int i = 0; i < MAX_DATAGRAMS;) {
        int n = netlink_socket_receive_many(hub->fd, hub->buffer, SLOT_SIZE, sizeof lengths / sizeof lengths[0], lengths);
        if (n == 0)
            break;
        if (n == -ENOBUFS) {
            hub->counters.overflows++;
            i++;
            continue;
        }
        if (n < 0) {
            snprintf(message, capacity, "audit netlink receive failed (errno %d)", -n);
            return SA_ERR_IO;
        }
        received = 1;
        for (int d = 0; d < n; d++) {
            if (lengths[d] < 0)
                hub->counters.malformed++; /* longer than any audit datagram: cut, not decoded */
            else
                dispatch(hub, hub->buffer + (size_t)d * SLOT_SIZE, (size_t)lengths[d]);
        }
        i += n;
    }
    int64_t now = now_ms();
    if (now - hub->last_status_ms > STATUS_INTERVAL_MS) {
        uint8_t get[AUDIT_GET_LENGTH];
        hub->last_status_ms = now;
        audit_message_get(get, ++hub->seq);
        (void)audit_socket_send(hub->fd, get, sizeof get);
    }
    /* Not as soon as one receive finds nothing: collectors sharing the hub receive in turn,
     * and an event's last records may come a moment after its first. */
    if (received)
        hub->last_datagram_ms = now;
    else if (now - hub->last_datagram_ms >= QUIET_MS)
        audit_event_assembler_flush(&hub->assembler);
    return SA_OK;
}

void audit_hub_get_counters(const audit_subscription_t *subscription, audit_hub_counters_t *counters)
{
    *counters = subscription->hub->counters;
}
