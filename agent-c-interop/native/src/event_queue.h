/* event_queue.h - the three FIFO queues of serialized events under one shared byte budget
 * (docs/core-rules.md section 4). */
#ifndef SA_EVENT_QUEUE_H
#define SA_EVENT_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "secagent.h"

typedef struct queued_event {
    struct queued_event *next;
    size_t length;
    char json[];
} queued_event_t;

typedef struct event_queue {
    queued_event_t *head;
    queued_event_t *tail;
    size_t bytes;
    uint64_t count;
    uint64_t collected;
    uint64_t dropped;
    uint64_t sent;
} event_queue_t;

struct sa_agent;

/*
 * event_queue_offer - offers `length` bytes of serialized event to queue q: counts it
 * collected, then accepts it (evicting per the rules) or drops it. The event's id is drawn
 * only on acceptance: `json` must hold 36 placeholder bytes at id_offset, which are replaced
 * by the next id. Returns SA_OK (also when dropped) or SA_ERR_NO_MEMORY (counted dropped).
 */
sa_status_t event_queue_offer(struct sa_agent *agent, int q, const char *json, size_t length, size_t id_offset);
/* event_queue_pop - unlinks the head of queue q and counts it sent; NULL when empty. The
 * caller frees it with alloc_free. */
queued_event_t *event_queue_pop(struct sa_agent *agent, int q);
/* event_queue_drop_head - frees the head of queue q counting it dropped. */
void event_queue_drop_head(struct sa_agent *agent, int q);
/* event_queue_release - frees every queued event. */
void event_queue_release(sa_allocator_t *allocator, event_queue_t *queue);
/* event_queue_total_bytes - the bytes of the three queues together. */
size_t event_queue_total_bytes(const struct sa_agent *agent);

#endif
