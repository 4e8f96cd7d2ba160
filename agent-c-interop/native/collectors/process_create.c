/* process_create.c - ProcessCreateCollector: ProcessCreate and ProcessTerminate from the proc
 * connector (fork, exec and exit as they happen), enriched from /proc; where netlink is refused
 * (no CAP_NET_ADMIN) and the source is auto, /proc polling instead, said in the collector's
 * detail text. Source "recorded": no live source, datagrams come through sa_collector_feed. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "collector.h"
#include "proc_connector_socket.h"
#include "process_poller.h"
#include "process_tracker.h"

enum { SOURCE_AUTO, SOURCE_PROC_CONNECTOR, SOURCE_POLLING, SOURCE_RECORDED };
static const char *const source_names[] = { "auto", "proc_connector", "polling", "recorded", NULL };

typedef struct process_create {
    int64_t source;
    int64_t receive_buffer_bytes;
    int64_t polling_interval_ms;
    int polling;          /* the source in use is /proc polling */
    int64_t last_poll_ms; /* monotonic */
    process_tracker_t tracker;
    process_poller_t poller;
    uint8_t datagram[8192];
} process_create_t;

static const collector_option_t options[] = {
    { "source", "auto, proc_connector, polling or recorded", source_names, SOURCE_AUTO, 0, 3,
      offsetof(process_create_t, source) },
    { "receive_buffer_bytes", "65536 to 67108864", NULL, 4 << 20, 64 << 10, 64 << 20,
      offsetof(process_create_t, receive_buffer_bytes) },
    { "polling_interval_ms", "100 to 3600000", NULL, 1000, 100, 3600000, offsetof(process_create_t, polling_interval_ms) },
};

static sa_status_t init(sa_collector_t *c)
{
    process_create_t *p = c->context;
    sa_status_t status = process_tracker_init(&p->tracker, c);
    if (status != SA_OK)
        goto cleanup;
    process_poller_init(&p->poller, c, &p->tracker);
    if (p->source == SOURCE_AUTO || p->source == SOURCE_PROC_CONNECTOR) {
        int fd = proc_connector_open((int)p->receive_buffer_bytes);
        if (fd >= 0) {
            c->fd = fd;
            return process_tracker_seed(&p->tracker);
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
    process_poller_release(&p->poller);
    process_tracker_release(&p->tracker);
    return status;
}

static sa_status_t feed(sa_collector_t *c, const uint8_t *bytes, size_t length)
{
    process_create_t *p = c->context;
    if (p->polling)
        return collector_fail(c, SA_ERR_INVALID_STATE, "ProcessCreate: polling /proc, no stream to feed");
    p->tracker.status = SA_OK;
    proc_connector_parse(bytes, length, process_tracker_apply, &p->tracker, &c->counters[SA_COLLECTOR_MALFORMED]);
    return p->tracker.status;
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
    for (int i = 0; c->fd >= 0 && i < 4096; i++) {
        ssize_t n = proc_connector_receive(c->fd, p->datagram, sizeof p->datagram);
        if (n == 0)
            break;
        if (n == -ENOBUFS) {
            c->counters[SA_COLLECTOR_OVERFLOWS]++;
            collector_fail(c, SA_OK, "ProcessCreate: netlink receive buffer overflowed (%llu times so far); "
                           "process events were dropped", (unsigned long long)c->counters[SA_COLLECTOR_OVERFLOWS]);
            continue;
        }
        if (n < 0)
            return collector_fail(c, SA_ERR_IO, "ProcessCreate: proc connector receive failed (errno %d)", (int)-n);
        sa_status_t fed = feed(c, p->datagram, (size_t)n);
        if (fed != SA_OK && status == SA_OK)
            status = fed;
    }
    return status;
}

static void stop(sa_collector_t *c)
{
    process_create_t *p = c->context;
    proc_connector_close(c->fd);
    c->fd = -1;
    process_poller_release(&p->poller);
    process_tracker_release(&p->tracker);
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
};
