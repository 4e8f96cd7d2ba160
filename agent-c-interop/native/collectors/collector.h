/* collector.h - the shape every collector shares (STYLE C#2): a const descriptor (name, help,
 * option table, init/collect/feed/exit) in one registry, plus a private context that the
 * registry allocates on the agent's allocator and zeroes. The OS is read through an os_source_t
 * (os_source.h), so the same collector runs on "/" or on a fixture tree. */
#ifndef SA_COLLECTOR_H
#define SA_COLLECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "os_source.h"
#include "secagent.h"

/* One option of a collector: an integer, or a name from a list stored as its index. The value
 * lives in the private context at `offset` as an int64_t; or, with names COLLECTOR_TEXT_OPTION,
 * free text (no NUL, at most `maximum` - 1 bytes, default empty) kept NUL-terminated in a char
 * array of `maximum` bytes at `offset`. */
typedef struct collector_option {
    const char *key;
    const char *help;
    const char *const *names; /* NULL: an integer in [minimum, maximum]; else NULL-terminated names */
    int64_t default_value;
    int64_t minimum;
    int64_t maximum;
    size_t offset;
} collector_option_t;

extern const char *const collector_text_option[];
#define COLLECTOR_TEXT_OPTION collector_text_option

typedef struct collector_descriptor {
    const char *name; /* as the C# collector's Name: "ProcessCreate", "LocalUsers", ... */
    const char *help;
    const collector_option_t *options;
    size_t option_count;
    size_t context_size;
    int periodic; /* 1: collect() takes one snapshot when the core says one is due */
    /* init - opens live sources (after the options are set). NULL: nothing to open. */
    sa_status_t (*init)(sa_collector_t *collector);
    /* collect - one snapshot (periodic), or everything the live source holds now. */
    sa_status_t (*collect)(sa_collector_t *collector);
    /* feed - recorded kernel input, as the live source would deliver it. NULL: no stream. */
    sa_status_t (*feed)(sa_collector_t *collector, const uint8_t *bytes, size_t length);
    /* exit - closes what init opened and frees what the context owns; the context itself is
     * freed by the registry. NULL: nothing to do. */
    void (*exit)(sa_collector_t *collector);
    /* batch_delay_ms - how long the host may let input gather once the fd is readable before
     * collecting (0: collect at once). NULL: always 0. */
    int (*batch_delay_ms)(const sa_collector_t *collector);
} collector_descriptor_t;

struct sa_collector {
    const collector_descriptor_t *descriptor;
    sa_agent_t *agent;       /* not owned */
    sa_allocator_t *allocator; /* the agent's */
    os_source_t os;
    sa_event_t *event;       /* reused for every event the collector builds */
    int started;
    int fd;                  /* what the host polls, or -1 */
    uint64_t counters[5];    /* sa_collector_counter_t */
    char error[256];
    void *context;           /* descriptor->context_size bytes */
};

/* The registry: every collector of the C agent, in the order the daemon starts them. */
extern const collector_descriptor_t system_information_descriptor;
extern const collector_descriptor_t local_users_descriptor;
extern const collector_descriptor_t listening_ports_descriptor;
extern const collector_descriptor_t process_create_descriptor;
extern const collector_descriptor_t os_baseline_descriptor;
extern const collector_descriptor_t connection_create_descriptor;
extern const collector_descriptor_t login_descriptor;
extern const collector_descriptor_t firewall_configuration_descriptor;

/* collector_fail - records detail text (printf-style) on the collector; returns status. */
sa_status_t collector_fail(sa_collector_t *collector, sa_status_t status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* collector_keep_first - keeps the first failure of a batch in *kept: status, unless *kept holds
 * one already (handlers that cannot return a failure, such as parse visitors and audit hub
 * handlers, report it at the collect that ends the batch). */
static inline void collector_keep_first(sa_status_t *kept, sa_status_t status)
{
    if (status != SA_OK && *kept == SA_OK)
        *kept = status;
}

/* collector_begin - resets the collector's event to an empty `name` (one empty item). */
sa_status_t collector_begin(sa_collector_t *collector, const char *name);

/* collector_submit - submits the collector's event to the agent and counts it. */
sa_status_t collector_submit(sa_collector_t *collector);

/* collector_set_text / _int / _detail - shorthands on the current item (NUL-terminated field
 * and key names; values with lengths). */
sa_status_t collector_set_text(sa_collector_t *collector, const char *field, const char *value, size_t length);
sa_status_t collector_set_int(sa_collector_t *collector, const char *field, int64_t value);
sa_status_t collector_set_detail(sa_collector_t *collector, const char *key, const char *value, size_t length);

#endif
