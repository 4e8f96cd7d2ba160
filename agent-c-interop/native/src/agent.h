/* agent.h - the agent: what each stage keeps, and the helpers the stages share. */
#ifndef SA_AGENT_H
#define SA_AGENT_H

#include <stdint.h>

#include "aggregator.h"
#include "alloc.h"
#include "buffer.h"
#include "configuration.h"
#include "event_queue.h"
#include "secagent.h"

struct sa_options {
    char agent_id[36];
    char agent_version[64];
    size_t agent_version_length;
    int deterministic;
    int utc_offset_minutes;
    size_t memory_limit;
};

/* A built message waiting to be taken. */
typedef struct message {
    struct message *next;
    sa_queue_t priority;
    size_t length;
    char body[];
} message_t;

/* Interval counters, reset by each statistics report. */
typedef struct report_counters {
    uint64_t collected[3];
    uint64_t dropped[3];
    uint64_t messages_sent;
    uint64_t messages_under_4kb;
    uint64_t failed;
} report_counters_t;

struct sa_agent {
    sa_allocator_t allocator;
    char error[256];
    char agent_id[36];
    char agent_version[64];
    size_t agent_version_length;
    int deterministic;
    int utc_offset_minutes;
    uint64_t next_id;
    int64_t start;
    int64_t now;
    int connected;
    configuration_t config;
    uint64_t router_dropped;
    event_queue_t queues[3];
    aggregator_t aggregators[AGGREGATE_COUNT];
    message_t *messages_head;
    message_t *messages_tail;
    size_t message_count;
    message_t *taken;
    uint64_t messages_sent;
    report_counters_t report;
    int64_t last_high, last_low, last_snapshot, last_heartbeat;
    int snapshot_done;
    sa_buffer_t scratch;  /* serialization of one event */
    sa_buffer_t reported; /* sa_agent_get_reported */
    sa_event_t *made;     /* events the core makes (operational) */
    struct audit_hub *audit_hub; /* the collectors' shared audit netlink connection (collectors/audit_hub.h):
                                  * made by the first subscriber, freed by the last; NULL without one */
};

/* agent_fail - records detail text and returns status. agent may be NULL. */
sa_status_t agent_fail(sa_agent_t *agent, sa_status_t status, const char *detail);
/* agent_ok - clears the detail text; returns SA_OK. */
sa_status_t agent_ok(sa_agent_t *agent);
/* agent_utc_offset - the offset of local timestamps at a time, in minutes. */
int agent_utc_offset(const sa_agent_t *agent, int64_t time_ms);
/* agent_next_id - writes the next event id (36 characters) into id. */
void agent_next_id(sa_agent_t *agent, char id[36]);
/* agent_envelope_overhead - the bytes of a message around its events. */
size_t agent_envelope_overhead(const sa_agent_t *agent);

/* router.c: routes an event to its aggregator or queue (core-rules section 2). */
sa_status_t router_route(sa_agent_t *agent, const sa_event_t *event);
/* router_queue_of - the queue of an event model, or -1 when its priority is Off. */
int router_queue_of(const sa_agent_t *agent, int model);

/* scheduler.c: the operational events. */
void scheduler_queue_made(sa_agent_t *agent);

#endif
