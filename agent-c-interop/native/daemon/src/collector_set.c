/* collector_set.c - the daemon's collectors over libsecagent's registry. */
#include "collector_set.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"

#define MAX_COLLECTORS 16
#define MAX_NAME 64

struct collector_set {
    sa_collector_t *collectors[MAX_COLLECTORS];
    const char *names[MAX_COLLECTORS]; /* the registry's (static) names */
    size_t count;
};

/* Is name[0..length) a collector of the registry? */
static int is_known(const char *name, size_t length)
{
    const char *known;
    for (size_t i = 0; sa_collector_name_at(i, &known) == SA_OK; i++)
        if (strlen(known) == length && memcmp(known, name, length) == 0)
            return 1;
    return 0;
}

/* Is name (NUL-terminated) in the comma-separated list (NULL: every name)? */
static int is_chosen(const char *list, const char *name)
{
    size_t length = strlen(name);
    if (list == NULL)
        return 1;
    for (const char *p = list; *p != '\0';) {
        const char *end = strchr(p, ',');
        size_t item = end != NULL ? (size_t)(end - p) : strlen(p);
        if (item == length && memcmp(p, name, length) == 0)
            return 1;
        p += item + (end != NULL ? 1 : 0);
    }
    return 0;
}

static void known_names(char *out, size_t capacity)
{
    const char *known;
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; sa_collector_name_at(i, &known) == SA_OK && used < capacity; i++)
        used += (size_t)snprintf(out + used, capacity - used, "%s%s", i > 0 ? ", " : "", known);
}

int collector_set_check_names(const char *names, char *error, size_t capacity)
{
    if (names == NULL)
        return 0;
    for (const char *p = names; *p != '\0';) {
        const char *end = strchr(p, ',');
        size_t item = end != NULL ? (size_t)(end - p) : strlen(p);
        if (!is_known(p, item)) {
            char all[256];
            known_names(all, sizeof all);
            snprintf(error, capacity, "unknown collector '%.*s': use %s", (int)(item > MAX_NAME ? MAX_NAME : item), p, all);
            return -1;
        }
        p += item + (end != NULL ? 1 : 0);
    }
    return 0;
}

/* Sets the options of `options` that begin with "<name>." on the collector. 0, or -1 (error). */
static int set_options(sa_collector_t *collector, const char *name, const char *const *options, size_t count, char *error,
                       size_t capacity)
{
    size_t length = strlen(name);
    for (size_t i = 0; i < count; i++) {
        const char *key = options[i] + length + 1, *equals;
        if (strncmp(options[i], name, length) != 0 || options[i][length] != '.')
            continue;
        equals = strchr(key, '=');
        if (equals == NULL || sa_collector_set_option(collector, key, (size_t)(equals - key), equals + 1, strlen(equals + 1)) != SA_OK) {
            snprintf(error, capacity, "%s: %s", options[i], equals == NULL ? "use Collector.key=value" : sa_collector_last_error(collector));
            return -1;
        }
    }
    return 0;
}

/* Starts one collector and says which source it reads. 0 started, 1 left out, -1 fatal. */
static int start_one(sa_collector_t *collector, const char *name)
{
    const char *detail;
    sa_status_t status = sa_collector_start(collector);
    detail = sa_collector_last_error(collector);
    if (status == SA_ERR_NO_MEMORY)
        return -1;
    if (status != SA_OK) {
        daemon_log(DAEMON_LOG_ERROR, "collector %s not started: %s", name, detail[0] != '\0' ? detail : sa_strerror(status));
        return 1;
    }
    if (sa_collector_is_periodic(collector))
        daemon_log(DAEMON_LOG_INFORMATION, "collector %s started (snapshots)", name);
    else if (strcmp(name, "ProcessCreate") != 0 && detail[0] != '\0')
        /* a stream collector that says its source in its detail text ("Name: source is ..."), a
         * fallback with the word "instead" */
        daemon_log(strstr(detail, " instead") != NULL ? DAEMON_LOG_WARNING : DAEMON_LOG_INFORMATION, "collector %s started: %s",
                   name, strncmp(detail, name, strlen(name)) == 0 && detail[strlen(name)] == ':' ? detail + strlen(name) + 2 : detail);
    else if (sa_collector_fd(collector) >= 0)
        /* and whether execs are joined to audit records, or why not */
        daemon_log(DAEMON_LOG_INFORMATION, "collector %s started: source proc connector%s%s", name, detail[0] != '\0' ? "; " : "",
                   strncmp(detail, name, strlen(name)) == 0 && detail[strlen(name)] == ':' ? detail + strlen(name) + 2 : detail);
    else
        daemon_log(detail[0] != '\0' ? DAEMON_LOG_WARNING : DAEMON_LOG_INFORMATION, "collector %s started: source /proc polling%s%s%s",
                   name, detail[0] != '\0' ? " (" : "", detail, detail[0] != '\0' ? ")" : "");
    return 0;
}

int collector_set_create(sa_agent_t *core, const char *names, const char *root, const char *const *options, size_t count,
                         collector_set_t **out, char *error, size_t capacity)
{
    collector_set_t *set = NULL;
    const char *name;
    int rc = -1;

    *out = NULL;
    if (collector_set_check_names(names, error, capacity) != 0)
        goto cleanup;
    set = calloc(1, sizeof *set);
    if (set == NULL) {
        snprintf(error, capacity, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; sa_collector_name_at(i, &name) == SA_OK && set->count < MAX_COLLECTORS; i++) {
        sa_collector_t *collector = NULL;
        int started;
        if (!is_chosen(names, name))
            continue;
        if (sa_collector_create(core, name, strlen(name), root, strlen(root), &collector) != SA_OK) {
            snprintf(error, capacity, "collector %s: %s", name, sa_agent_last_error(core));
            goto cleanup;
        }
        if (set_options(collector, name, options, count, error, capacity) != 0) {
            sa_collector_destroy(collector);
            goto cleanup;
        }
        started = start_one(collector, name);
        if (started != 0) {
            sa_collector_destroy(collector);
            if (started < 0) {
                snprintf(error, capacity, "collector %s: out of memory", name);
                goto cleanup;
            }
            continue;
        }
        set->names[set->count] = name;
        set->collectors[set->count++] = collector;
    }
    *out = set;
    set = NULL;
    rc = 0;
cleanup:
    collector_set_destroy(set);
    return rc;
}

static void run(collector_set_t *set, int periodic)
{
    for (size_t i = 0; set != NULL && i < set->count; i++) {
        sa_collector_t *collector = set->collectors[i];
        sa_status_t status;
        if (sa_collector_is_periodic(collector) != periodic)
            continue;
        status = sa_collector_collect(collector);
        if (status != SA_OK)
            daemon_log(DAEMON_LOG_WARNING, "%s", sa_collector_last_error(collector)[0] != '\0' ? sa_collector_last_error(collector)
                                                                                                : sa_strerror(status));
    }
}

void collector_set_snapshot(collector_set_t *set)
{
    run(set, 1);
}

void collector_set_drain(collector_set_t *set)
{
    run(set, 0);
}

size_t collector_set_poll_fds(const collector_set_t *set, struct pollfd *fds, size_t capacity, int *polling)
{
    size_t used = 0;
    *polling = 0;
    for (size_t i = 0; set != NULL && i < set->count; i++) {
        int fd;
        if (sa_collector_is_periodic(set->collectors[i]))
            continue;
        fd = sa_collector_fd(set->collectors[i]);
        if (fd < 0) {
            *polling = 1;
        } else if (used < capacity) {
            fds[used].fd = fd;
            fds[used].events = POLLIN;
            fds[used].revents = 0;
            used++;
        }
    }
    return used;
}

int collector_set_batch_delay_ms(const collector_set_t *set, const struct pollfd *fds, size_t count)
{
    size_t used = 0;
    int delay = 0;
    for (size_t i = 0; set != NULL && i < set->count && used < count; i++) {
        if (sa_collector_is_periodic(set->collectors[i]) || sa_collector_fd(set->collectors[i]) < 0)
            continue;
        if ((fds[used].revents & POLLIN) != 0) {
            int wanted = sa_collector_batch_delay_ms(set->collectors[i]);
            if (wanted > delay)
                delay = wanted;
        }
        used++;
    }
    return delay;
}

void collector_set_log_counters(const collector_set_t *set)
{
    for (size_t i = 0; set != NULL && i < set->count; i++) {
        uint64_t value[5] = {0, 0, 0, 0, 0};
        for (int c = 0; c < 5; c++)
            sa_collector_get_counter(set->collectors[i], (sa_collector_counter_t)c, &value[c]);
        daemon_log(DAEMON_LOG_INFORMATION,
                   "collector %s: %llu events submitted, %llu malformed, %llu overflows, %llu incomplete, %llu failed snapshots",
                   set->names[i], (unsigned long long)value[0], (unsigned long long)value[1], (unsigned long long)value[2],
                   (unsigned long long)value[3], (unsigned long long)value[4]);
    }
}

size_t collector_set_count(const collector_set_t *set)
{
    return set == NULL ? 0 : set->count;
}

void collector_set_destroy(collector_set_t *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->count; i++)
        sa_collector_destroy(set->collectors[i]);
    free(set);
}
