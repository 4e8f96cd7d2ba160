/* agent_service.h - the daemon's pipeline: libsecagent's core, the outbox and the MQTT
 * transport on one thread (DESIGN §3). Every built message is stored in the outbox before it
 * is sent and removed only on its PUBACK; the twin is fetched on every connect and on every
 * desired patch, applied when it changed, and reported. */
#ifndef SA_AGENT_SERVICE_H
#define SA_AGENT_SERVICE_H

#include <signal.h>

#include "hub_identity.h"
#include "local_configuration.h"

typedef struct agent_service agent_service_t;

/* What the command line chooses (the local configuration's schema is shared with the C# agent
 * and strict, so these are not in it). */
typedef struct agent_service_options {
    const char *collectors; /* comma-separated collector names; NULL: all; "": none */
    const char *root;       /* where the collectors read the OS; NULL: "/" */
    const char *const *collector_options; /* "Collector.key=value" texts */
    size_t collector_option_count;
    hub_identity_options_t identity; /* the hub's REST port, DPS enrollment group, time-out */
} agent_service_options_t;

/* agent_service_create - builds the pipeline from a checked configuration (kept by reference:
 * it must outlive the service) and starts the collectors the options choose. Returns 0, or -1
 * with the reason in error. */
int agent_service_create(const local_configuration_t *configuration, const agent_service_options_t *options,
                         agent_service_t **out, char *error, size_t capacity);
/*
 * agent_service_run - runs until *stop becomes non-zero (a signal handler sets it), then
 * builds everything held (FlushAll) into the outbox and sends for at most grace_ms more.
 * Returns 0, or -1 on a fatal error (logged).
 */
int agent_service_run(agent_service_t *service, volatile sig_atomic_t *stop, int grace_ms);
/* agent_service_destroy - disconnects and frees; NULL is a no-op. */
void agent_service_destroy(agent_service_t *service);

#endif
