/* login.c - LoginCollector: successful and failed login attempts. Source utmp: the login
 * accounting files var/log/wtmp (successes) and var/log/btmp (failures) under the root, polled
 * every polling_interval_ms from their ends. Source "recorded": the files are read from their
 * starts at every collect (a fixture tree). */
#define _GNU_SOURCE
#include <stddef.h>
#include <time.h>

#include "collector.h"
#include "utmp_poller.h"

enum { SOURCE_AUTO, SOURCE_AUDIT, SOURCE_UTMP, SOURCE_RECORDED };
static const char *const source_names[] = { "auto", "audit", "utmp", "recorded", NULL };

typedef struct login {
    int64_t source;
    int64_t polling_interval_ms;
    int64_t last_poll_ms; /* monotonic */
    utmp_poller_t poller;
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

const collector_descriptor_t login_descriptor = {
    .name = "Login",
    .help = "Login: successful and failed logins from var/log/wtmp and var/log/btmp",
    .options = options,
    .option_count = sizeof options / sizeof options[0],
    .context_size = sizeof(login_t),
    .periodic = 0,
    .init = init,
    .collect = collect,
    .feed = NULL,
    .exit = NULL,
};
