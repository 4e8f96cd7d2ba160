/* aggregator.h - merges raw ProcessCreate, ConnectionCreate and ProcessTerminate events by
 * identity key into Aggregated events (docs/core-rules.md section 3). */
#ifndef SA_AGGREGATOR_H
#define SA_AGGREGATOR_H

#include <stddef.h>
#include <stdint.h>

#include "buffer.h"
#include "secagent.h"

typedef struct aggregator_entry {
    sa_event_t *event; /* the first raw event of the key, pids zeroed */
    uint64_t hits;
    uint32_t hash;
    uint32_t key_offset, key_length; /* in the aggregator's keys buffer */
} aggregator_entry_t;

typedef struct aggregator {
    aggregator_entry_t *entries; /* in order of first appearance */
    size_t count;
    size_t capacity;
    uint32_t *table; /* open addressing: entry index + 1, 0 = free */
    size_t table_size;
    sa_buffer_t keys;
    sa_buffer_t key; /* scratch */
    int64_t window_start;
} aggregator_t;

struct sa_agent;

void aggregator_init(aggregator_t *aggregator, sa_allocator_t *allocator, int64_t start);
void aggregator_release(aggregator_t *aggregator, sa_allocator_t *allocator);
/* aggregator_add - merges a raw event (one item) of kind `kind`. */
sa_status_t aggregator_add(struct sa_agent *agent, int kind, const sa_event_t *event);
/* aggregator_flush - queues one Aggregated event per entry, window end = end; restarts the window. */
void aggregator_flush(struct sa_agent *agent, int kind, int64_t end);

#endif
