/* process_create.c - ProcessCreateCollector: ProcessCreate and ProcessTerminate from the proc
 * connector (fork, exec and exit as they happen), with executable, command line, uid and parent
 * from the audit EXECVE records of each exec when audit is available (exec_joiner.h: this also
 * names processes gone before /proc could be read, and /proc is not read for them), else from
 * /proc; where netlink is refused (no CAP_NET_ADMIN) and the source is auto, /proc polling
 * instead, said in the collector's detail text. The audit connection is the agent's shared one
 * (audit_hub.h), with an execve/execveat rule while the collector runs.
 * Source "recorded": no live source; sa_collector_feed takes proc connector datagrams, or audit
 * log text ("type=SYSCALL msg=audit(...): ...", each call a stream of its own): once audit text
 * was fed (and option audit is true), execs are joined as live, else applied at once. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "agent.h"
#include "audit_event_assembler.h"
#include "audit_exec_parser.h"
#include "audit_hub.h"
#include "audit_syscall.h"
#include "collector.h"
#include "exec_joiner.h"
#include "proc_connector_socket.h"
#include "process_poller.h"
#include "process_tracker.h"
#include "text_scan.h"

enum { SOURCE_AUTO, SOURCE_PROC_CONNECTOR, SOURCE_POLLING, SOURCE_RECORDED };
static const char *const source_names[] = { "auto", "proc_connector", "polling", "recorded", NULL };
#define DATAGRAM_SLOT 512 /* a proc connector datagram: headers and one proc_event, under 100 bytes */

static const char *const boolean_names[] = { "false", "true", NULL };

typedef struct process_create {
    int64_t source;
    int64_t receive_buffer_bytes;
    int64_t polling_interval_ms;
    int64_t audit;         /* join execs to audit EXECVE records (ProcessCreateOptions.Audit) */
    int64_t audit_wait_ms; /* how long an exec waits for them (ProcessCreateOptions.AuditWait) */
    int polling;          /* the source in use is /proc polling */
    int64_t last_poll_ms; /* monotonic */
    process_tracker_t tracker;
    process_poller_t poller;
    int joining;           /* execs go through the joiner */
    exec_joiner_t joiner;
    audit_subscription_t *subscription; /* owned; NULL unless joining live */
    audit_event_assembler_t assembler;  /* source recorded */
    sa_status_t status;    /* the first failure inside an audit callback */
    uint8_t datagram[8192];
} process_create_t;

static const collector_option_t options[] = {
    { "source", "auto, proc_connector, polling or recorded", source_names, SOURCE_AUTO, 0, 3,
      offsetof(process_create_t, source) },
    { "receive_buffer_bytes", "65536 to 67108864", NULL, 4 << 20, 64 << 10, 64 << 20,
      offsetof(process_create_t, receive_buffer_bytes) },
    { "polling_interval_ms", "100 to 3600000", NULL, 1000, 100, 3600000, offsetof(process_create_t, polling_interval_ms) },
    { "audit", "false or true: join execs to audit EXECVE records", boolean_names, 1, 0, 1,
      offsetof(process_create_t, audit) },
    { "audit_wait_ms", "10 to 60000", NULL, 2000, 10, 60000, offsetof(process_create_t, audit_wait_ms) },
};

/* One completed audit event (the hub's handler, or the recorded log's assembler): an exec joins. */
static void on_audit_event(const audit_record_t *records, size_t count, void *argument)
{
    sa_collector_t *c = argument;
    process_create_t *p = c->context;
    audit_exec_t exec;
    int parsed = audit_exec_parse(records, count, c->allocator, &exec, &c->counters[SA_COLLECTOR_MALFORMED]);
    if (parsed < 0)
        collector_keep_first(&p->status,
                             collector_fail(c, SA_ERR_NO_MEMORY, "ProcessCreate: out of memory for an audit exec"));
    if (parsed <= 0 || !p->joining)
        return;
    exec_joiner_on_audit(&p->joiner, &exec, c->agent->now);
    audit_exec_release(&exec, c->allocator);
}

static void on_proc_event(const proc_event_t *event, void *argument)
{
    sa_collector_t *c = argument;
    process_create_t *p = c->context;
    exec_joiner_on_proc_event(&p->joiner, event, c->agent->now);
}

/* Subscribes to the audit exec records; without them execs are read from /proc only. */
static sa_status_t subscribe_audit(sa_collector_t *c)
{
    process_create_t *p = c->context;
    static const int exec_syscalls[] = { AUDIT_SYSCALL_EXECVE, AUDIT_SYSCALL_EXECVEAT };
    static const audit_rule_t rules[] = { { exec_syscalls, 2, 1 } };
    static const int types[] = { AUDIT_RECORD_SYSCALL, AUDIT_RECORD_EXECVE };
    uint32_t arches[AUDIT_SYSCALL_MAX_ARCHES];
    char message[200];
    if (!p->audit)
        return SA_OK;
    if (audit_syscall_kernel_arches(arches) == 0) {
        collector_fail(c, SA_OK, "ProcessCreate: no audit syscall table for this kernel's architecture; "
                       "executables and command lines come from /proc only");
        return SA_OK;
    }
    sa_status_t status = audit_hub_subscribe(c->agent, on_audit_event, c, rules, 1, types, 2, &p->subscription,
                                             message, sizeof message);
    if (status == SA_ERR_NO_MEMORY)
        return collector_fail(c, status, "ProcessCreate: %s", message);
    if (status != SA_OK) {
        collector_fail(c, SA_OK, "ProcessCreate: %s; executables and command lines come from /proc only", message);
        return SA_OK;
    }
    p->joining = 1;
    collector_fail(c, SA_OK, "ProcessCreate: execs joined to audit EXECVE records over %s", message);
    return SA_OK;
}

static sa_status_t init(sa_collector_t *c)
{
    process_create_t *p = c->context;
    sa_status_t status = process_tracker_init(&p->tracker, c);
    if (status != SA_OK)
        goto cleanup;
    process_poller_init(&p->poller, c, &p->tracker);
    exec_joiner_init(&p->joiner, &p->tracker, c->allocator, p->audit_wait_ms, EXEC_JOINER_DEFAULT_CAPACITY);
    audit_event_assembler_init(&p->assembler, c->allocator, on_audit_event, c);
    if (p->source == SOURCE_AUTO || p->source == SOURCE_PROC_CONNECTOR) {
        int fd = proc_connector_open((int)p->receive_buffer_bytes);
        if (fd >= 0) {
            c->fd = fd;
            status = process_tracker_seed(&p->tracker);
            if (status == SA_OK)
                status = subscribe_audit(c);
            if (status == SA_OK)
                return SA_OK;
            goto cleanup;
        }
        if (p->source == SOURCE_PROC_CONNECTOR) {
            status = collector_fail(c, SA_ERR_IO, "ProcessCreate: the proc connector was refused (errno %d)", -fd);
            goto cleanup;
        }
        collector_fail(c, SA_OK, "ProcessCreate: the proc connector was refused (errno %d, needs CAP_NET_ADMIN); "
                       "polling /proc every %lld ms instead", -fd, (long long)p->polling_interval_ms);
    }
    if (p->source == SOURCE_RECORDED)
        return process_tracker_seed(&p->tracker);
    p->polling = 1;
    p->last_poll_ms = process_now_ms();
    status = process_poller_poll(&p->poller, 1);
    if (status == SA_OK)
        return SA_OK;
cleanup:
    audit_hub_unsubscribe(p->subscription);
    p->subscription = NULL;
    proc_connector_close(c->fd);
    c->fd = -1;
    exec_joiner_release(&p->joiner);
    process_poller_release(&p->poller);
    process_tracker_release(&p->tracker);
    return status;
}

/* Whether recorded input is audit log text rather than proc connector datagrams (a datagram
 * starts with its length, which "type" would make 1.7 GB). */
static int is_audit_text(const uint8_t *bytes, size_t length)
{
    if (length >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        bytes += 3;
        length -= 3;
    }
    return length >= 5 && memcmp(bytes, "type=", 5) == 0;
}

/* Recorded audit log text: one stream per call, lines as File.ReadLines cuts them; lines that
 * are not records are counted malformed. */
static sa_status_t feed_audit_log(sa_collector_t *c, const uint8_t *bytes, size_t length)
{
    process_create_t *p = c->context;
    if (!p->audit)
        return collector_fail(c, SA_ERR_INVALID_ARGUMENT, "ProcessCreate: audit text fed while option audit is false");
    p->joining = 1;
    c->counters[SA_COLLECTOR_MALFORMED] += audit_event_assembler_replay_log(&p->assembler, (const char *)bytes, length);
    return SA_OK;
}

static sa_status_t feed(sa_collector_t *c, const uint8_t *bytes, size_t length)
{
    process_create_t *p = c->context;
    if (p->polling)
        return collector_fail(c, SA_ERR_INVALID_STATE, "ProcessCreate: polling /proc, no stream to feed");
    p->status = SA_OK;
    p->joiner.status = SA_OK;
    if (p->source == SOURCE_RECORDED && is_audit_text(bytes, length)) {
        sa_status_t status = feed_audit_log(c, bytes, length);
        collector_keep_first(&p->status, status);
        collector_keep_first(&p->status, p->joiner.status);
        return p->status;
    }
    if (!p->joining) {
        p->tracker.status = SA_OK;
        proc_connector_parse(bytes, length, process_tracker_apply, &p->tracker, &c->counters[SA_COLLECTOR_MALFORMED]);
        return p->tracker.status;
    }
    proc_connector_parse(bytes, length, on_proc_event, c, &c->counters[SA_COLLECTOR_MALFORMED]);
    exec_joiner_expire(&p->joiner, c->agent->now);
    collector_keep_first(&p->status, p->joiner.status);
    return p->status;
}

static sa_status_t collect(sa_collector_t *c)
{
    process_create_t *p = c->context;
    if (p->polling) {
        int64_t now = process_now_ms();
        if (now - p->last_poll_ms < p->polling_interval_ms)
            return SA_OK;
        p->last_poll_ms = now;
        return process_poller_poll(&p->poller, 0);
    }
    sa_status_t status = SA_OK;
    if (p->subscription != NULL) {
        /* the audit execs received so far first, so that execs arriving now join at once */
        char message[200];
        p->status = SA_OK;
        p->joiner.status = SA_OK;
        if (audit_hub_receive(p->subscription, message, sizeof message) != SA_OK)
            collector_fail(c, SA_OK, "ProcessCreate: %s", message);
        status = p->status != SA_OK ? p->status : p->joiner.status;
    }
    /* a burst of datagrams per system call (an exec is three), each in a slot of the buffer */
    ssize_t lengths[sizeof p->datagram / DATAGRAM_SLOT];
    for (int i = 0; c->fd >= 0 && i < 4096;) {
        int n = proc_connector_receive_many(c->fd, p->datagram, DATAGRAM_SLOT, sizeof lengths / sizeof lengths[0], lengths);
        if (n == 0)
            break;
        if (n == -ENOBUFS) {
            c->counters[SA_COLLECTOR_OVERFLOWS]++;
            collector_fail(c, SA_OK, "ProcessCreate: netlink receive buffer overflowed (%llu times so far); "
                           "process events were dropped", (unsigned long long)c->counters[SA_COLLECTOR_OVERFLOWS]);
            i++;
            continue;
        }
        if (n < 0)
            return collector_fail(c, SA_ERR_IO, "ProcessCreate: proc connector receive failed (errno %d)", -n);
        for (int d = 0; d < n; d++) {
            if (lengths[d] < 0) {
                c->counters[SA_COLLECTOR_MALFORMED]++; /* longer than any proc connector datagram: cut */
                continue;
            }
            sa_status_t fed = feed(c, p->datagram + (size_t)d * DATAGRAM_SLOT, (size_t)lengths[d]);
            if (fed != SA_OK && status == SA_OK)
                status = fed;
        }
        i += n;
    }
    if (p->joining) {
        p->joiner.status = SA_OK;
        exec_joiner_expire(&p->joiner, c->agent->now);
        collector_keep_first(&status, p->joiner.status);
    }
    return status;
}

static void stop(sa_collector_t *c)
{
    process_create_t *p = c->context;
    if (p->joining) {
        /* what the hub holds, then every waiting exec from /proc (as the C# collector at its end) */
        char message[200];
        if (p->subscription != NULL)
            (void)audit_hub_receive(p->subscription, message, sizeof message);
        exec_joiner_flush(&p->joiner);
    }
    audit_hub_unsubscribe(p->subscription);
    p->subscription = NULL;
    exec_joiner_release(&p->joiner);
    audit_event_assembler_release(&p->assembler);
    proc_connector_close(c->fd);
    c->fd = -1;
    process_poller_release(&p->poller);
    process_tracker_release(&p->tracker);
}

/* The C# collector's BatchDelay: only while execs wait for audit anyway; without audit, /proc
 * must be read as soon as possible, before short-lived processes are gone. */
static int batch_delay_ms(const sa_collector_t *c)
{
    const process_create_t *p = c->context;
    return p->joining && p->subscription != NULL && p->joiner.audit_flowing ? 20 : 0;
}

const collector_descriptor_t process_create_descriptor = {
    .name = "ProcessCreate",
    .help = "ProcessCreate and ProcessTerminate from the proc connector, or /proc polling",
    .options = options,
    .option_count = sizeof options / sizeof options[0],
    .context_size = sizeof(process_create_t),
    .periodic = 0,
    .init = init,
    .collect = collect,
    .feed = feed,
    .exit = stop,
    .batch_delay_ms = batch_delay_ms,
};
