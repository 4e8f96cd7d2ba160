/* connection_create.c - ConnectionCreateCollector: ConnectionCreate from audit netlink, connect
 * (Out) and accept/accept4 (In), with remote and local address and port, protocol, process,
 * executable, command line and user; loopback left out unless asked for. The audit connection is
 * the agent's shared one (audit_hub.h). Where audit is refused and the source is auto, sock_diag
 * snapshots of established TCP sockets instead, said in the collector's detail text.
 * Source "recorded": audit log lines ("type=SYSCALL msg=audit(...): ...") come through
 * sa_collector_feed, each call a stream of its own (open events completed at its end);
 * "recorded_sock_diag": each feed is the reply datagrams of one inet_diag dump (the first is
 * the baseline). */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "address_text.h"
#include "audit_connection_parser.h"
#include "audit_event_assembler.h"
#include "audit_hub.h"
#include "audit_syscall.h"
#include "collector.h"
#include "sock_diag_poller.h"
#include "text_scan.h"

enum { SOURCE_AUTO, SOURCE_AUDIT, SOURCE_SOCK_DIAG, SOURCE_RECORDED, SOURCE_RECORDED_SOCK_DIAG };
static const char *const source_names[] = { "auto", "audit", "sock_diag", "recorded", "recorded_sock_diag", NULL };
static const char *const boolean_names[] = { "false", "true", NULL };

typedef struct connection_create {
    int64_t source;
    int64_t include_loopback;
    int64_t sock_diag_interval_ms;
    int polling;          /* the source in use is sock_diag snapshots */
    int stopped;          /* sock_diag was refused: nothing more to read */
    int64_t last_poll_ms; /* monotonic */
    sa_status_t status;   /* the first failure inside a callback */
    audit_subscription_t *subscription;
    audit_connection_parser_t parser;
    sock_diag_poller_t poller;
    audit_event_assembler_t assembler; /* source recorded */
} connection_create_t;

static const collector_option_t options[] = {
    { "source", "auto, audit, sock_diag, recorded or recorded_sock_diag", source_names, SOURCE_AUTO, 0, 4,
      offsetof(connection_create_t, source) },
    { "include_loopback", "false or true", boolean_names, 0, 0, 1, offsetof(connection_create_t, include_loopback) },
    { "sock_diag_interval_ms", "100 to 3600000", NULL, 2000, 100, 3600000,
      offsetof(connection_create_t, sock_diag_interval_ms) },
};

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The interval in seconds as the C# agent writes it ("0.###"). */
static void format_seconds(int64_t ms, char *text, size_t capacity)
{
    if (ms % 1000 == 0)
        snprintf(text, capacity, "%lld", (long long)(ms / 1000));
    else if (ms % 100 == 0)
        snprintf(text, capacity, "%lld.%lld", (long long)(ms / 1000), (long long)(ms % 1000 / 100));
    else if (ms % 10 == 0)
        snprintf(text, capacity, "%lld.%02lld", (long long)(ms / 1000), (long long)(ms % 1000 / 10));
    else
        snprintf(text, capacity, "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));
}

static sa_status_t set_address(sa_collector_t *c, const char *field, const uint8_t *address, size_t size)
{
    char text[ADDRESS_TEXT_MAX];
    size_t length = address_text_format(address, size, text);
    return collector_set_text(c, field, text, length);
}

static sa_status_t set_port(sa_collector_t *c, const char *field, uint32_t port)
{
    char text[16];
    int length = snprintf(text, sizeof text, "%u", (unsigned)port);
    return collector_set_text(c, field, text, (size_t)length);
}

/* One completed audit event: a ConnectionCreate when it is a reportable connection. */
static void on_audit_event(const audit_record_t *records, size_t count, void *argument)
{
    sa_collector_t *c = argument;
    connection_create_t *p = c->context;
    connection_item_t item;
    int parsed = audit_connection_parse(&p->parser, records, count, &item);
    if (parsed < 0) {
        collector_keep_first(&p->status, collector_fail(c, SA_ERR_NO_MEMORY, "ConnectionCreate: out of memory"));
        return;
    }
    if (parsed == 0)
        return;
    sa_status_t status = collector_begin(c, "ConnectionCreate");
    if (status == SA_OK)
        status = sa_event_set_timestamp(c->event, records[0].time_ms);
    if (status == SA_OK)
        status = set_address(c, "RemoteAddress", item.remote, item.remote_size);
    if (status == SA_OK)
        status = set_port(c, "RemotePort", item.remote_port);
    if (status == SA_OK)
        status = collector_set_text(c, "Direction", item.inbound ? "In" : "Out", item.inbound ? 2 : 3);
    if (status == SA_OK)
        status = collector_set_text(c, "Protocol", item.protocol, strlen(item.protocol));
    if (status == SA_OK)
        status = collector_set_int(c, "ProcessId", item.pid);
    if (status == SA_OK)
        status = collector_set_text(c, "Executable", item.executable, item.executable_length);
    if (status == SA_OK && item.has_local)
        status = set_address(c, "LocalAddress", item.local, item.local_size);
    if (status == SA_OK && item.has_local)
        status = set_port(c, "LocalPort", item.local_port);
    if (status == SA_OK && item.user_id != NULL)
        status = collector_set_text(c, "UserId", item.user_id, item.user_id_length);
    if (status == SA_OK && item.command_line != NULL)
        status = collector_set_text(c, "CommandLine", item.command_line, item.command_line_length);
    if (status == SA_OK)
        status = collector_submit(c);
    else
        collector_fail(c, status, "ConnectionCreate: the event could not be built");
    collector_keep_first(&p->status, status);
}

/* One new connection of a sock_diag snapshot. */
static int on_fresh(const inet_diag_socket_t *s, int inbound, uint32_t pid, const process_info_t *info, void *argument)
{
    sa_collector_t *c = argument;
    char uid[16];
    int uid_length = snprintf(uid, sizeof uid, "%u", (unsigned)s->uid);
    const char *executable = info != NULL && info->has_executable ? info->executable : "[unknown]";
    size_t executable_length = info != NULL && info->has_executable ? info->executable_length : strlen("[unknown]");
    sa_status_t status = collector_begin(c, "ConnectionCreate");
    if (status == SA_OK)
        status = set_address(c, "RemoteAddress", s->remote, s->size);
    if (status == SA_OK)
        status = set_port(c, "RemotePort", s->remote_port);
    if (status == SA_OK)
        status = collector_set_text(c, "Direction", inbound ? "In" : "Out", inbound ? 2 : 3);
    if (status == SA_OK)
        status = collector_set_text(c, "Protocol", "tcp", 3);
    if (status == SA_OK)
        status = collector_set_int(c, "ProcessId", pid);
    if (status == SA_OK)
        status = collector_set_text(c, "Executable", executable, executable_length);
    if (status == SA_OK)
        status = set_address(c, "LocalAddress", s->local, s->size);
    if (status == SA_OK)
        status = set_port(c, "LocalPort", s->local_port);
    if (status == SA_OK)
        status = collector_set_text(c, "UserId", uid, (size_t)uid_length);
    if (status == SA_OK && info != NULL && info->command_line_length > 0)
        status = collector_set_text(c, "CommandLine", info->command_line, info->command_line_length);
    if (status == SA_OK)
        status = collector_set_detail(c, "Source", "sock_diag", 9);
    if (status == SA_OK)
        return collector_submit(c) == SA_OK ? 0 : -EIO;
    collector_fail(c, status, "ConnectionCreate: the event could not be built");
    return -EIO;
}

/* Takes a snapshot and reports what is new; a refused sock_diag stops the collector. */
static sa_status_t poll_sock_diag(sa_collector_t *c)
{
    connection_create_t *p = c->context;
    int error = sock_diag_poller_dump(&p->poller);
    if (error == -ENOMEM)
        return collector_fail(c, SA_ERR_NO_MEMORY, "ConnectionCreate: out of memory");
    if (error != 0) {
        p->stopped = 1;
        if (error == -EPROTO)
            return collector_fail(c, SA_ERR_IO, "ConnectionCreate: sock_diag request refused; collector stopped");
        return collector_fail(c, SA_ERR_IO, "ConnectionCreate: sock_diag netlink refused (errno %d); collector stopped", -error);
    }
    c->counters[SA_COLLECTOR_MALFORMED] = p->poller.malformed;
    error = sock_diag_poller_diff(&p->poller, on_fresh, c);
    if (error == -ENOMEM)
        return collector_fail(c, SA_ERR_NO_MEMORY, "ConnectionCreate: out of memory");
    return error == 0 ? SA_OK : SA_ERR_IO;
}

static sa_status_t start_polling(sa_collector_t *c)
{
    connection_create_t *p = c->context;
    p->polling = 1;
    p->last_poll_ms = now_ms();
    return poll_sock_diag(c);
}

static sa_status_t open_source(sa_collector_t *c)
{
    connection_create_t *p = c->context;
    static const int connect_syscalls[] = { AUDIT_SYSCALL_CONNECT };
    static const int accept_syscalls[] = { AUDIT_SYSCALL_ACCEPT, AUDIT_SYSCALL_ACCEPT4 };
    static const audit_rule_t rules[] = { { connect_syscalls, 1, 0 }, { accept_syscalls, 2, 1 } };
    static const int types[] = { AUDIT_RECORD_SYSCALL, AUDIT_RECORD_SOCKADDR, AUDIT_RECORD_PROCTITLE,
                                 AUDIT_RECORD_SOCKETCALL };
    char message[200], seconds[32];
    format_seconds(p->sock_diag_interval_ms, seconds, sizeof seconds);
    audit_connection_parser_init(&p->parser, &c->os, c->allocator, (int)p->include_loopback);
    sock_diag_poller_init(&p->poller, &c->os, c->allocator, (int)p->include_loopback);
    audit_event_assembler_init(&p->assembler, c->allocator, on_audit_event, c);
    if (p->source == SOURCE_RECORDED || p->source == SOURCE_RECORDED_SOCK_DIAG)
        return SA_OK;
    if (p->source == SOURCE_SOCK_DIAG) {
        sa_status_t status = start_polling(c);
        if (status == SA_OK)
            collector_fail(c, SA_OK, "ConnectionCreate: source is sock_diag snapshots every %s s", seconds);
        return status;
    }
    sa_status_t status = audit_hub_subscribe(c->agent, on_audit_event, c, rules, 2, types, 4, &p->subscription,
                                             message, sizeof message);
    if (status == SA_OK) {
        c->fd = audit_hub_fd(p->subscription);
        collector_fail(c, SA_OK, "ConnectionCreate: source is %s", message);
        return SA_OK;
    }
    if (status == SA_ERR_NO_MEMORY || p->source == SOURCE_AUDIT)
        return collector_fail(c, status, "ConnectionCreate: %s; collector stopped", message);
    status = start_polling(c);
    if (status == SA_OK)
        collector_fail(c, SA_OK, "ConnectionCreate: %s; taking sock_diag snapshots every %s s instead "
                       "(connections shorter than that are missed)", message, seconds);
    return status;
}

static void stop(sa_collector_t *c);

static sa_status_t init(sa_collector_t *c)
{
    sa_status_t status = open_source(c);
    if (status != SA_OK)
        stop(c);
    return status;
}

/* The recorded audit log: one stream per call, lines as File.ReadLines cuts them. */
static sa_status_t feed_audit_log(sa_collector_t *c, const uint8_t *bytes, size_t length)
{
    connection_create_t *p = c->context;
    c->counters[SA_COLLECTOR_MALFORMED] += audit_event_assembler_replay_log(&p->assembler, (const char *)bytes, length);
    return SA_OK;
}

static sa_status_t feed(sa_collector_t *c, const uint8_t *bytes, size_t length)
{
    connection_create_t *p = c->context;
    p->status = SA_OK;
    if (p->source == SOURCE_RECORDED) {
        (void)feed_audit_log(c, bytes, length);
        return p->status;
    }
    if (p->source == SOURCE_RECORDED_SOCK_DIAG) {
        int error = sock_diag_poller_add(&p->poller, bytes, length);
        c->counters[SA_COLLECTOR_MALFORMED] = p->poller.malformed;
        if (error == 0)
            error = sock_diag_poller_diff(&p->poller, on_fresh, c);
        if (error == -ENOMEM)
            return collector_fail(c, SA_ERR_NO_MEMORY, "ConnectionCreate: out of memory");
        return error == 0 ? SA_OK : SA_ERR_IO;
    }
    return collector_fail(c, SA_ERR_INVALID_STATE, "ConnectionCreate: a live source, no stream to feed");
}

static sa_status_t collect(sa_collector_t *c)
{
    connection_create_t *p = c->context;
    char message[200];
    if (p->stopped)
        return SA_OK;
    if (p->polling) {
        int64_t now = now_ms();
        if (now - p->last_poll_ms < p->sock_diag_interval_ms)
            return SA_OK;
        p->last_poll_ms = now;
        return poll_sock_diag(c);
    }
    if (p->subscription == NULL)
        return SA_OK;
    p->status = SA_OK;
    sa_status_t status = audit_hub_receive(p->subscription, message, sizeof message);
    audit_hub_counters_t counters;
    audit_hub_get_counters(p->subscription, &counters);
    c->counters[SA_COLLECTOR_MALFORMED] = counters.malformed;
    c->counters[SA_COLLECTOR_OVERFLOWS] = counters.overflows;
    if (status != SA_OK)
        return collector_fail(c, status, "ConnectionCreate: %s", message);
    return p->status;
}

static void stop(sa_collector_t *c)
{
    connection_create_t *p = c->context;
    audit_hub_unsubscribe(p->subscription);
    p->subscription = NULL;
    c->fd = -1;
    audit_event_assembler_release(&p->assembler);
    sock_diag_poller_release(&p->poller);
    audit_connection_parser_release(&p->parser);
}

const collector_descriptor_t connection_create_descriptor = {
    .name = "ConnectionCreate",
    .help = "ConnectionCreate from audit netlink (connect, accept), or sock_diag snapshots",
    .options = options,
    .option_count = sizeof options / sizeof options[0],
    .context_size = sizeof(connection_create_t),
    .periodic = 0,
    .init = init,
    .collect = collect,
    .feed = feed,
    .exit = stop,
};
