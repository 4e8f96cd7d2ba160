/* event.h - the in-memory event: a model, a timestamp, payload items of field values and
 * sorted ExtraDetails, with the string bytes in one arena. */
#ifndef SA_EVENT_H
#define SA_EVENT_H

#include <stdint.h>

#include "buffer.h"
#include "event_model.h"
#include "secagent.h"

typedef struct field_value {
    uint32_t offset; /* strings: into the arena */
    uint32_t length;
    int64_t number;  /* integers and booleans */
    uint8_t set;
} field_value_t;

typedef struct detail {
    uint32_t key_offset, key_length;
    uint32_t value_offset, value_length;
} detail_t;

typedef struct event_item {
    field_value_t values[SA_MAX_FIELDS];
    detail_t *details; /* sorted by key, ordinal */
    uint32_t detail_count;
    uint32_t detail_capacity;
} event_item_t;

struct sa_event {
    sa_agent_t *agent;
    sa_allocator_t *allocator;
    int model;         /* index into event_models */
    int category;      /* event_category_t */
    int64_t timestamp; /* ms since the epoch */
    int has_timestamp;
    event_item_t *items;
    size_t item_count;
    size_t item_capacity;
    sa_buffer_t arena;
    sa_buffer_t json; /* sa_event_to_json */
};

/* event_new - an event of a model with one empty item, on an allocator (agent may be NULL). */
sa_event_t *event_new(sa_allocator_t *allocator, sa_agent_t *agent, int model);
/* event_free - frees an event; NULL is a no-op. */
void event_free(sa_event_t *event);
/* event_clear - empties the event as a new one of `model`. */
void event_clear(sa_event_t *event, int model);
/* event_clone_item - a new event with one item: a copy of item `index` of `source`. */
sa_event_t *event_clone_item(const sa_event_t *source, size_t index);
/* event_add_item - appends an empty item; SA_ERR_NO_MEMORY on failure. */
sa_status_t event_add_item(sa_event_t *event);

/* Setters on the last item. Strings are repaired and truncated to the field's limit. */
sa_status_t event_put_string(sa_event_t *event, int field, const char *value, size_t length);
sa_status_t event_put_number(sa_event_t *event, int field, int64_t value);
/* event_put_detail - adds an ExtraDetails entry. When the item already has the key (after repair
 * and truncation), replace != 0 overwrites its value (the aggregator's window keys) and replace == 0
 * keeps the first entry (CANONICAL.md section 2.1: the entry added first is kept). */
sa_status_t event_put_detail(sa_event_t *event, const char *key, size_t key_length, const char *value,
                             size_t value_length, int replace);

/* event_check - SA_OK when every item has every required field. */
sa_status_t event_check(const sa_event_t *event, const char **missing);

/* event_item_is_empty - 1 if no field and no detail is set: such an item is not written. */
static inline int event_item_is_empty(const event_item_t *item)
{
    if (item->detail_count > 0)
        return 0;
    for (int f = 0; f < SA_MAX_FIELDS; f++)
        if (item->values[f].set)
            return 0;
    return 1;
}

/* event_string - the bytes of a string field value. */
static inline const char *event_string(const sa_event_t *event, const field_value_t *value)
{
    return event->arena.data + value->offset;
}

#endif
