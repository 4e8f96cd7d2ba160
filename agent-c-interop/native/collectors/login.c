/* login.c - LoginCollector: successful and failed login attempts. Source utmp: the login
 * accounting files var/log/wtmp (successes) and var/log/btmp (failures) under the root, polled
 * every polling_interval_ms from their ends. Source "recorded": audit log text through
 * sa_collector_feed (USER_AUTH, USER_START and USER_LOGIN lines become Login events, as the
 * audit source would deliver them), and the files read from their starts at every collect (a
 * fixture tree). */
#define _GNU_SOURCE
#include <stddef.h>
#include <time.h>

#include "audit_login_parser.h"
#include "collector.h"
#include "text_scan.h"
#include "utmp_poller.h"

enum { SOURCE_AUTO, SOURCE_AUDIT, SOURCE_UTMP, SOURCE_RECORDED };
static const char *const source_names[] = { "auto", "audit", "utmp", "recorded", NULL };

typedef struct login {
    int64_t source;
    int64_t polling_interval_ms;
    int64_t last_poll_ms; /* monotonic */
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

static sa_status_t init(sa_collector_t *c)
{
    login_t *l = c->context;
    if (l->source == SOURCE_AUDIT)
        return collector_fail(c, SA_ERR_IO, "Login: audit is not read by the C agent yet; collector stopped");
    if (l->source == SOURCE_AUTO)
        collector_fail(c, SA_OK, "Login: audit is not read by the C agent yet; reading var/log/wtmp and "
                       "var/log/btmp every %g s instead", (double)l->polling_interval_ms / 1000);
    utmp_poller_init(&l->poller, c, l->source == SOURCE_RECORDED);
    l->last_poll_ms = now_ms();
    return SA_OK;
}

static sa_status_t collect(sa_collector_t *c)
{
    login_t *l = c->context;
    if (l->source != SOURCE_RECORDED) {
        int64_t now = now_ms();
        if (now - l->last_poll_ms < l->polling_interval_ms)
            return SA_OK;
        l->last_poll_ms = now;
    }
    return utmp_poller_poll(&l->poller);
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

/* Recorded audit log text: one record a line (auditd's log, ausearch --raw); lines that are not
 * records are skipped, as the C# replay skips what AuditRecordParser.TryParseLogLine refuses. */
static sa_status_t feed(sa_collector_t *c, const uint8_t *bytes, size_t length)
{
    login_t *l = c->context;
    const char *text = (const char *)bytes;
    size_t position = 0, start, end;
    sa_status_t status = SA_OK;
    if (l->source != SOURCE_RECORDED)
        return collector_fail(c, SA_ERR_INVALID_STATE, "Login: only the recorded source is fed");
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

static void stop(sa_collector_t *c)
{
    login_t *l = c->context;
    alloc_free(c->allocator, l->scratch);
    l->scratch = NULL;
    l->scratch_size = 0;
}

const collector_descriptor_t login_descriptor = {
    .name = "Login",
    .help = "Login: successful and failed logins from var/log/wtmp and var/log/btmp, or recorded audit text",
    .options = options,
    .option_count = sizeof options / sizeof options[0],
    .context_size = sizeof(login_t),
    .periodic = 0,
    .init = init,
    .collect = collect,
    .feed = feed,
    .exit = stop,
};
