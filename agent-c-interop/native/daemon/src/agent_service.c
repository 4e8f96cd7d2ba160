/* agent_service.c - core -> outbox -> transport, and twin -> core -> reported properties. */
#include "agent_service.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backoff.h"
#include "collector_set.h"
#include "hub_identity.h"
#include "message_id.h"
#include "mqtt_transport.h"
#include "outbox.h"
#include "sd_notify.h"
#include "secagent.h"
#include "twin_document.h"

#define SEND_WINDOW 8          /* messages in flight, awaiting PUBACK */
#define TICK_MS 1000           /* the core's tick when nothing else wakes the loop (the C# agent's) */
#define POLLING_TICK_MS 100    /* ... while a stream collector polls /proc (its shortest interval) */
#define MAX_POLL_FDS 17        /* the transport and up to 16 collectors */

/* A message published and not yet acknowledged. */
typedef struct in_flight {
    uint64_t sequence;
    int packet_id;
} in_flight_t;

struct agent_service {
    const local_configuration_t *configuration;
    sa_agent_t *core;
    outbox_t *outbox;
    mqtt_transport_t *transport;
    collector_set_t *collectors;
    in_flight_t in_flight[SEND_WINDOW];
    int in_flight_count;
    uint64_t send_cursor;      /* the highest sequence published on this connection */
    char *applied_twin;        /* the configuration object last applied (NULL: none yet) */
    int report_pending;        /* reported properties to send when connected */
    hub_identity_options_t identity_options;
    backoff_t identity_backoff; /* DPS and the module key: retried until they succeed */
    int64_t next_identity_ms;  /* when to try them again (the transport is NULL until then) */
    unsigned identity_attempts;
};

static int64_t now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* The local UTC offset in minutes, for TimestampLocal. */
static int utc_offset_minutes(void)
{
    time_t now = time(NULL);
    struct tm local;
    return localtime_r(&now, &local) != NULL ? (int)(local.tm_gmtoff / 60) : 0;
}

/* The twin configuration last accepted, kept beside the outbox (the C# agent's file name and
 * place), so that a start without the hub runs on it rather than on the defaults. */
static void twin_cache_path(const agent_service_t *service, char *path, size_t capacity, const char *suffix)
{
    snprintf(path, capacity, "%s/twin-configuration.json%s", service->configuration->outbox_path, suffix);
}

static void twin_cache_save(const agent_service_t *service, const char *json, size_t length)
{
    char path[4200], temporary[4200];
    int fd;
    twin_cache_path(service, path, sizeof path, "");
    twin_cache_path(service, temporary, sizeof temporary, ".tmp");
    fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return;
    if (write(fd, json, length) != (ssize_t)length || fsync(fd) != 0) {
        close(fd);
        unlink(temporary);
        return;
    }
    close(fd);
    if (rename(temporary, path) != 0)
        unlink(temporary);
}

static void twin_cache_apply(agent_service_t *service)
{
    char path[4200], text[65537];
    size_t length;
    FILE *file;
    twin_cache_path(service, path, sizeof path, "");
    file = fopen(path, "rb");
    if (file == NULL)
        return;
    length = fread(text, 1, sizeof text, file);
    fclose(file);
    if (length == 0 || length == sizeof text)
        return;
    if (sa_agent_apply_twin(service->core, text, length) == SA_OK) {
        service->applied_twin = strndup(text, length);
        daemon_log(DAEMON_LOG_INFORMATION, "twin configuration of the last run applied until the hub answers");
    }
}

/* The log's warnings (and above, per the configuration) as Diagnostic events. */
static void submit_log(void *context, daemon_log_level_t level, const char *text)
{
    agent_service_t *service = context;
    sa_agent_submit_log(service->core, (int)level, text, strlen(text), (uint32_t)getpid(), (uint32_t)getpid(), NULL, 0);
}

static void send_reported(agent_service_t *service)
{
    const char *reported;
    size_t length;
    char *patch;
    const char *name = service->configuration->remote_configuration_object_name;
    size_t size;
    if (sa_agent_get_reported(service->core, &reported, &length) != SA_OK)
        return;
    size = strlen(name) + length + 8;
    patch = malloc(size);
    if (patch == NULL)
        return;
    snprintf(patch, size, "{\"%s\":%s}", name, reported);
    if (mqtt_transport_report(service->transport, patch, strlen(patch)) == 0)
        service->report_pending = 0;
    free(patch);
}

static void on_twin(void *context, const char *json, size_t length)
{
    agent_service_t *service = context;
    const char *start;
    size_t config_length;
    int64_t version;
    sa_status_t status;
    if (twin_document_find_configuration(json, length, service->configuration->remote_configuration_object_name, &start,
                                         &config_length, &version) != 0) {
        daemon_log(DAEMON_LOG_WARNING, "the twin has no desired section");
        return;
    }
    if (service->applied_twin == NULL || strlen(service->applied_twin) != config_length ||
        memcmp(service->applied_twin, start, config_length) != 0) {
        free(service->applied_twin);
        service->applied_twin = strndup(start, config_length);
        status = sa_agent_apply_twin(service->core, start, config_length);
        if (status == SA_OK) {
            twin_cache_save(service, start, config_length);
            daemon_log(DAEMON_LOG_INFORMATION, "twin configuration version %lld applied", (long long)version);
        }
        else
            daemon_log(DAEMON_LOG_WARNING, "twin configuration version %lld rejected: %s", (long long)version,
                       sa_agent_last_error(service->core));
    }
    service->report_pending = 1;
    send_reported(service);
}

/* A pushed patch: fetch the whole twin again (no JSON merging here; one more round trip). */
static void on_desired(void *context, const char *json, size_t length)
{
    agent_service_t *service = context;
    (void)json;
    (void)length;
    mqtt_transport_get_twin(service->transport);
}

static void on_reported(void *context, int status)
{
    agent_service_t *service = context;
    if (status < 200 || status > 299) {
        daemon_log(DAEMON_LOG_WARNING, "the reported properties were answered %d", status);
        if (status == 429 || status >= 500)
            service->report_pending = 1;
    }
}

static void on_connected(void *context)
{
    agent_service_t *service = context;
    service->in_flight_count = 0;
    service->send_cursor = 0;
    sa_agent_set_connected(service->core, 1);
}

static void on_disconnected(void *context)
{
    agent_service_t *service = context;
    /* What was in flight is sent again on the next connection, with the same $.mid. */
    service->in_flight_count = 0;
    service->send_cursor = 0;
    sa_agent_set_connected(service->core, 0);
}

static void on_acknowledged(void *context, int packet_id)
{
    agent_service_t *service = context;
    for (int i = 0; i < service->in_flight_count; i++) {
        if (service->in_flight[i].packet_id == packet_id) {
            outbox_remove(service->outbox, service->in_flight[i].sequence);
            service->in_flight[i] = service->in_flight[--service->in_flight_count];
            return;
        }
    }
}

/* Built messages into the outbox: stored before anything is sent. */
static void store_built_messages(agent_service_t *service)
{
    const char *body;
    size_t length;
    sa_queue_t queue;
    while (sa_agent_take_message(service->core, &body, &length, &queue) == SA_OK) {
        char id[37];
        outbox_status_t status = OUTBOX_WRITE_FAILED;
        if (message_id_create(id) == 0)
            status = outbox_append(service->outbox, queue == SA_QUEUE_HIGH ? OUTBOX_PRIORITY_HIGH : OUTBOX_PRIORITY_LOW, id, body,
                                   length, NULL);
        if (status != OUTBOX_OK) {
            daemon_log(DAEMON_LOG_ERROR, "a message could not be stored: %s", outbox_last_error(service->outbox));
            sa_agent_record_send_failure(service->core);
        }
    }
}

/* Publishes stored messages, oldest first, while the window has room. */
static void send_stored_messages(agent_service_t *service)
{
    while (service->in_flight_count < SEND_WINDOW && mqtt_transport_is_connected(service->transport)) {
        outbox_entry_t entry;
        int packet_id = 0;
        if (outbox_next(service->outbox, service->send_cursor, &entry) != OUTBOX_OK)
            return;
        if (mqtt_transport_send(service->transport, entry.message_id, entry.body, entry.length, &packet_id) != 0) {
            outbox_entry_release(&entry);
            return;
        }
        service->send_cursor = entry.sequence;
        service->in_flight[service->in_flight_count].sequence = entry.sequence;
        service->in_flight[service->in_flight_count].packet_id = packet_id;
        service->in_flight_count++;
        outbox_entry_release(&entry);
    }
}

/* The transport for a resolved identity: who to connect as, where, with which credentials. */
static int create_transport(agent_service_t *service, const hub_identity_t *identity, char *error, size_t capacity)
{
    const local_configuration_t *c = service->configuration;
    mqtt_transport_settings_t settings;
    mqtt_transport_callbacks_t callbacks;
    memset(&settings, 0, sizeof settings);
    settings.host = identity->host;
    settings.port = identity->port;
    settings.hub_host = identity->hub_host;
    settings.device_id = identity->device_id;
    settings.module_id = identity->module_id[0] != '\0' ? identity->module_id : NULL;
    settings.sas_key = identity->key[0] != '\0' ? identity->key : NULL;
    settings.certificate_file = identity->certificate_file;
    settings.key_file = identity->key_file;
    settings.ca_file = c->ca_file;
    settings.keep_alive_seconds = c->keep_alive_seconds;
    settings.twin = 1;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.context = service;
    callbacks.connected = on_connected;
    callbacks.disconnected = on_disconnected;
    callbacks.acknowledged = on_acknowledged;
    callbacks.twin_received = on_twin;
    callbacks.desired_changed = on_desired;
    callbacks.reported_answered = on_reported;
    return mqtt_transport_create(&settings, &callbacks, (uint64_t)now_ms() ^ (uint64_t)getpid(), &service->transport, error, capacity);
}

/*
 * Who to connect as (DPS registration, the module key over REST): tried at start and, while it
 * fails, again after a backoff step (1 s doubling to 2 min, as the reconnects), whatever the
 * reason: a hub or DPS not reachable yet at boot, a refusal an operator may still fix on the
 * hub's side. Meanwhile the collectors run and the outbox fills. Each attempt blocks for at most
 * the identity time-out per network step.
 */
static void resolve_identity(agent_service_t *service, int64_t now)
{
    hub_identity_t identity;
    char error[512];
    int64_t wait;
    if (service->transport != NULL || now < service->next_identity_ms)
        return;
    service->identity_attempts++;
    if (hub_identity_resolve(service->configuration, &service->identity_options, &identity, error, sizeof error) == 0) {
        int rc = create_transport(service, &identity, error, sizeof error);
        hub_identity_clear(&identity);
        if (rc == 0) {
            backoff_reset(&service->identity_backoff);
            return;
        }
    }
    wait = backoff_next(&service->identity_backoff);
    service->next_identity_ms = now_ms() + wait;
    daemon_log(DAEMON_LOG_ERROR, "cannot connect (attempt %u): %s; retrying in %lld ms", service->identity_attempts, error,
               (long long)wait);
}

int agent_service_create(const local_configuration_t *c, const agent_service_options_t *run_options, agent_service_t **out,
                         char *error, size_t capacity)
{
    agent_service_t *service = NULL;
    sa_options_t *options = NULL;
    int rc = -1;

    *out = NULL;
    service = calloc(1, sizeof *service);
    if (service == NULL || sa_options_create(&options) != SA_OK) {
        snprintf(error, capacity, "out of memory");
        goto cleanup;
    }
    service->configuration = c;
    if (sa_options_set_agent_id(options, c->agent_id, strlen(c->agent_id)) != SA_OK ||
        sa_options_set_agent_version(options, SA_DAEMON_VERSION, strlen(SA_DAEMON_VERSION)) != SA_OK ||
        sa_options_set_utc_offset(options, utc_offset_minutes()) != SA_OK || sa_agent_create(options, now_ms(), &service->core) != SA_OK) {
        snprintf(error, capacity, "cannot create the agent core");
        goto cleanup;
    }
    if (outbox_open(c->outbox_path, (uint64_t)c->outbox_max_bytes, &service->outbox, error, capacity) != OUTBOX_OK)
        goto cleanup;
    twin_cache_apply(service);
    if (collector_set_create(service->core, run_options->collectors, run_options->root != NULL ? run_options->root : "/",
                             run_options->collector_options, run_options->collector_option_count, &service->collectors, error,
                             capacity) != 0)
        goto cleanup;
    service->identity_options = run_options->identity;
    backoff_init(&service->identity_backoff, 1000, 120000, (uint64_t)now_ms() ^ ((uint64_t)getpid() << 20));
    daemon_log_set_sink(submit_log, service, c->diagnostic_events_level);
    *out = service;
    service = NULL;
    rc = 0;
cleanup:
    sa_options_destroy(options);
    agent_service_destroy(service);
    return rc;
}

/*
 * One turn's wait: a single poll(2) over the MQTT socket and every stream collector's
 * descriptor (the proc connector), until the next tick or whatever the transport needs
 * (reconnect, keep-alive) at the latest, so a kernel event is read as soon as it arrives, not
 * after the transport's wait. A signal ends the wait at once (EINTR).
 */
static void wait_and_process(agent_service_t *service, int64_t now, int64_t wake)
{
    struct pollfd fds[MAX_POLL_FDS];
    size_t count = 1;
    int polling = 0, timeout, delay;
    size_t streams;
    fds[0].fd = -1;
    fds[0].events = 0;
    fds[0].revents = 0;
    if (service->transport != NULL)
        mqtt_transport_poll_events(service->transport, &fds[0]);
    streams = collector_set_poll_fds(service->collectors, fds + 1, MAX_POLL_FDS - 1, &polling);
    count += streams;
    if (polling && wake > now + POLLING_TICK_MS)
        wake = now + POLLING_TICK_MS;
    timeout = wake > now ? (int)(wake - now) : 0;
    if (poll(fds, count, timeout) < 0 && errno != EINTR)
        daemon_log(DAEMON_LOG_WARNING, "poll: %s", strerror(errno));
    /* A stream collector that may batch (ProcessCreate while joining execs to audit): let the
     * burst gather for a few ms, so a storm costs one turn per batch instead of per datagram;
     * not when the transport has work, and never past the turn's wake time. */
    delay = fds[0].revents == 0 ? collector_set_batch_delay_ms(service->collectors, fds + 1, streams) : 0;
    if (delay > 0) {
        int64_t left = wake - now_ms();
        if (left < delay)
            delay = left > 0 ? (int)left : 0;
        struct timespec pause = { 0, (long)delay * 1000000L };
        if (delay > 0)
            nanosleep(&pause, NULL);
    }
    if (service->transport != NULL)
        mqtt_transport_process(service->transport, now_ms(), fds[0].revents);
}

int agent_service_run(agent_service_t *service, volatile sig_atomic_t *stop, int grace_ms)
{
    int64_t deadline;
    size_t ready;
    outbox_statistics_t statistics;
    int snapshot_due;

    sd_notify_send("READY=1");
    while (!*stop) {
        int64_t now = now_ms(), wake = now + TICK_MS;
        /* Tick first: a collector stamps its events with the core's clock. */
        sa_agent_tick(service->core, now, &ready, &snapshot_due);
        if (snapshot_due)
            collector_set_snapshot(service->collectors);
        collector_set_drain(service->collectors);
        store_built_messages(service);
        resolve_identity(service, now);
        if (service->transport == NULL) {
            if (service->next_identity_ms < wake)
                wake = service->next_identity_ms;
        } else {
            int64_t transport_wake;
            mqtt_transport_prepare(service->transport, now, &transport_wake);
            if (transport_wake < wake)
                wake = transport_wake;
            if (service->report_pending && mqtt_transport_is_connected(service->transport))
                send_reported(service);
            send_stored_messages(service);
        }
        wait_and_process(service, now, wake);
    }

    sd_notify_send("STOPPING=1");
    daemon_log(DAEMON_LOG_INFORMATION, "stopping: building what is held, sending for at most %d ms", grace_ms);
    collector_set_drain(service->collectors);
    collector_set_log_counters(service->collectors);
    sa_agent_flush_all(service->core, &ready);
    store_built_messages(service);
    deadline = now_ms() + grace_ms;
    for (;;) {
        outbox_get_statistics(service->outbox, &statistics);
        if (statistics.stored_messages == 0 || now_ms() >= deadline || service->transport == NULL)
            break;
        mqtt_transport_run(service->transport, now_ms(), 100);
        send_stored_messages(service);
    }
    daemon_log(DAEMON_LOG_INFORMATION, "stopped: %llu messages left in the outbox for the next start",
               (unsigned long long)statistics.stored_messages);
    return 0;
}

void agent_service_destroy(agent_service_t *service)
{
    if (service == NULL)
        return;
    daemon_log_set_sink(NULL, NULL, DAEMON_LOG_OFF);
    mqtt_transport_destroy(service->transport);
    outbox_close(service->outbox);
    collector_set_destroy(service->collectors);
    sa_agent_destroy(service->core);
    free(service->applied_twin);
    free(service);
}
