/* login.c - LoginCollector: successful and failed login attempts. From the audit records PAM
 * and the login programs send (USER_AUTH, USER_START, USER_LOGIN) through the agent's shared
 * audit hub (audit_hub.h); where audit is refused and the source is auto, from the login
 * accounting files var/log/wtmp (successes) and var/log/btmp (failures) under the root, polled
 * every polling_interval_ms from their ends, said in the collector's detail text. Source
 * "recorded": audit log text through sa_collector_feed, and both files read from their starts
 * at every collect (a fixture tree). Needs no audit rule: user records are not syscall records. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "audit_hub.h"
#include "audit_login_parser.h"
#include "collector.h"
#include "text_scan.h"
#include "utmp_poller.h"

enum { SOURCE_AUTO, SOURCE_AUDIT, SOURCE_UTMP, SOURCE_RECORDED };
static const char *const source_names[] = { "auto", "audit", "utmp", "recorded", NULL };

typedef struct login {
    int64_t source;
    int64_t polling_interval_ms;
    int utmp;             /* the source in use is wtmp/btmp */
    int64_t last_poll_ms; /* monotonic */
    audit_subscription_t *subscription; /* owned; NULL unless reading audit */
    sa_status_t status;   /* the first failure while handling audit events */
    utmp_poller_t poller;
    char *scratch;        /* hex-decoded audit values; owned */
    size_t scratch_size;
    char address[ADDRESS_TEXT_MAX];
} login_t;

static const collector_option_t options[] = {
    { "source", "auto, audit, utmp or recorded", source_names, SOURCE_AUTO, 0, 3, offsetof(login_t, source) },
    { "polling_interval_ms", "100 to 3600000", NULL, 5000, 100, 3600000, offsetof(login_t, polling_interval_ms) },
};

static int64_t now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* The interval in seconds as the C# agent writes it ({0:0.###}). */
static void format_seconds(int64_t ms, char *text, size_t capacity)
{
    int64_t whole = ms / 1000, rest = ms % 1000;
    if (rest == 0)
        snprintf(text, capacity, "%lld", (long long)whole);
    else if (rest % 100 == 0)
        snprintf(text, capacity, "%lld.%lld", (long long)whole, (long long)(rest / 100));
    else if (rest % 10 == 0)
        snprintf(text, capacity, "%lld.%02lld", (long long)whole, (long long)(rest / 10));
    else
        snprintf(text, capacity, "%lld.%03lld", (long long)whole, (long long)rest);
}

/* One audit record: a Login event, a malformed count, or nothing (another type). */
static sa_status_t apply_record(sa_collector_t *c, const audit_record_t *record)
{
    login_t *l = c->context;
    login_payload_t payload;
    int malformed = 0;
    if (!audit_login_is_login_record(record->type))
        return SA_OK;
    size_t needed = audit_login_scratch_size(record);
    if (needed > l->scratch_size) {
        alloc_free(c->allocator, l->scratch);
        l->scratch_size = 0;
        l->scratch = alloc_malloc(c->allocator, needed);
        if (l->scratch == NULL)
            return collector_fail(c, SA_ERR_NO_MEMORY, "Login: no memory for an audit record of %zu bytes",
                                  record->fields_length);
        l->scratch_size = needed;
    }
    if (audit_login_parse(record, l->scratch, l->address, &payload, &malformed))
        return login_payload_submit(c, &payload, record->time_ms);
    if (malformed)
        c->counters[SA_COLLECTOR_MALFORMED]++;
    return SA_OK;
}

/* The hub's handler: every completed event, of every subscriber's types. */
static void on_audit_event(const audit_record_t *records, size_t count, void *argument)
{
    sa_collector_t *c = argument;
    login_t *l = c->context;
    for (size_t i = 0; i < count; i++) {
        collector_keep_first(&l->status, apply_record(c, &records[i]));
    }
}

static void start_utmp(sa_collector_t *c, int from_start)
{
    login_t *l = c->context;
    l->utmp = 1;
    l->last_poll_ms = now_ms();
    utmp_poller_init(&l->poller, c, from_start);
}

static sa_status_t init(sa_collector_t *c)
{
    static const int types[] = { AUDIT_RECORD_USER_AUTH, AUDIT_RECORD_USER_START, AUDIT_RECORD_USER_LOGIN };
    login_t *l = c->context;
    char message[200], seconds[32];
    format_seconds(l->polling_interval_ms, seconds, sizeof seconds);
    if (l->source == SOURCE_RECORDED) {
        start_utmp(c, 1);
        return SA_OK;
    }
    if (l->source == SOURCE_UTMP) {
        start_utmp(c, 0);
        collector_fail(c, SA_OK, "Login: source is var/log/wtmp and var/log/btmp, read every %s s", seconds);
        return SA_OK;
    }
    sa_status_t status = audit_hub_subscribe(c->agent, on_audit_event, c, NULL, 0, types,
                                             sizeof types / sizeof types[0], &l->subscription, message, sizeof message);
    if (status == SA_OK) {
        c->fd = audit_hub_fd(l->subscription);
        collector_fail(c, SA_OK, "Login: source is %s", message);
        return SA_OK;
    }
    l->subscription = NULL;
    if (status == SA_ERR_NO_MEMORY || l->source == SOURCE_AUDIT)
        return collector_fail(c, status, "Login: %s; collector stopped", message);
    start_utmp(c, 0);
    collector_fail(c, SA_OK, "Login: %s; reading var/log/wtmp and var/log/btmp every %s s instead", message, seconds);
    return SA_OK;
}

/* Recorded audit log text: one record a line (auditd's log, ausearch --raw); lines that are not
 * records are skipped, as the C# replay skips what AuditRecordParser.TryParseLogLine refuses. */
static sa_status_t feed(sa_collector_t *c, const uint8_t *bytes, size_t length)
{
    login_t *l = c->context;
    const char *text = (const char *)bytes;
    size_t position = 0, start, end;
    sa_status_t status = SA_OK;
    if (l->source != SOURCE_RECORDED)
        return collector_fail(c, SA_ERR_INVALID_STATE, "Login: a live source, no stream to feed");
    while (text_next_line(text, length, &position, &start, &end, TEXT_LINES_READLINES)) {
        audit_record_t record;
        if (!audit_record_parse_log_line(text + start, end - start, &record))
            continue;
        sa_status_t applied = apply_record(c, &record);
        if (applied != SA_OK && status == SA_OK)
            status = applied;
    }
    return status;
}

static sa_status_t collect(sa_collector_t *c)
{
    login_t *l = c->context;
    if (l->utmp) {
        if (l->source != SOURCE_RECORDED) {
            int64_t now = now_ms();
            if (now - l->last_poll_ms < l->polling_interval_ms)
                return SA_OK;
            l->last_poll_ms = now;
        }
        return utmp_poller_poll(&l->poller);
    }
    char message[200];
    sa_status_t status = audit_hub_receive(l->subscription, message, sizeof message);
    /* the handler also ran when another collector of the agent read the shared socket: its
     * first failure since the last collect is reported now */
    sa_status_t handled = l->status;
    l->status = SA_OK;
    /* the hub's losses are shared by its subscribers; Malformed stays Login's own */
    audit_hub_counters_t counters;
    audit_hub_get_counters(l->subscription, &counters);
    c->counters[SA_COLLECTOR_OVERFLOWS] = counters.overflows;
    if (status != SA_OK)
        return collector_fail(c, status, "Login: %s", message);
    return handled;
}

static void stop(sa_collector_t *c)
{
    login_t *l = c->context;
    audit_hub_unsubscribe(l->subscription);
    l->subscription = NULL;
    c->fd = -1;
    alloc_free(c->allocator, l->scratch);
    l->scratch = NULL;
    l->scratch_size = 0;
}

const collector_descriptor_t login_descriptor = {
    .name = "Login",
    .help = "Login from audit user records (USER_AUTH, USER_START, USER_LOGIN), or var/log/wtmp and var/log/btmp",
    .options = options,
    .option_count = sizeof options / sizeof options[0],
    .context_size = sizeof(login_t),
    .periodic = 0,
    .init = init,
    .collect = collect,
    .feed = feed,
    .exit = stop,
};
