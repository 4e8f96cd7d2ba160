/* aggregator.c - the bounded aggregator (see aggregator.h). */
#include "aggregator.h"

#include <string.h>

#include "agent.h"
#include "canonical_json_writer.h"
#include "event.h"

/* Identity key fields per kind, by name; ConnectionCreate adds a port by direction. */
static const char *const key_fields[AGGREGATE_COUNT][8] = {
    {"Executable", "CommandLine", "UserId", "UserName", NULL},
    {"Executable", "CommandLine", "UserId", "Direction", "Protocol", "LocalAddress", "RemoteAddress", NULL},
    {"Executable", "ExitStatus", NULL},
};

void aggregator_init(aggregator_t *aggregator, sa_allocator_t *allocator, int64_t start)
{
    memset(aggregator, 0, sizeof *aggregator);
    buffer_init(&aggregator->keys, allocator);
    buffer_init(&aggregator->key, allocator);
    aggregator->window_start = start;
}

static void clear_entries(aggregator_t *aggregator)
{
    for (size_t i = 0; i < aggregator->count; i++)
        event_free(aggregator->entries[i].event);
    aggregator->count = 0;
    if (aggregator->table != NULL)
        memset(aggregator->table, 0, aggregator->table_size * sizeof *aggregator->table);
    buffer_clear(&aggregator->keys);
}

void aggregator_release(aggregator_t *aggregator, sa_allocator_t *allocator)
{
    clear_entries(aggregator);
    alloc_free(allocator, aggregator->entries);
    alloc_free(allocator, aggregator->table);
    buffer_release(&aggregator->keys);
    buffer_release(&aggregator->key);
    aggregator->entries = NULL;
    aggregator->table = NULL;
    aggregator->capacity = aggregator->table_size = 0;
}

static void key_field(sa_buffer_t *key, const sa_event_t *event, int field)
{
    const field_value_t *v = &event->items[0].values[field];
    char marker = v->set ? 1 : 0;
    buffer_append_char(key, marker);
    if (!v->set)
        return;
    if (event_models[event->model].fields[field].type == FIELD_STRING) {
        uint32_t length = v->length;
        buffer_append(key, &length, sizeof length);
        buffer_append(key, event_string(event, v), v->length);
    } else {
        buffer_append(key, &v->number, sizeof v->number);
    }
}

static void build_key(sa_buffer_t *key, int kind, const sa_event_t *event)
{
    const event_model_t *model = &event_models[event->model];
    buffer_clear(key);
    for (int k = 0; key_fields[kind][k] != NULL; k++)
        key_field(key, event, event_model_field(model, key_fields[kind][k], strlen(key_fields[kind][k])));
    if (kind == AGGREGATE_CONNECTION_CREATE) {
        const field_value_t *direction = &event->items[0].values[event_model_field(model, "Direction", 9)];
        const char *d = event_string(event, direction);
        if (direction->length == 2 && memcmp(d, "In", 2) == 0)
            key_field(key, event, event_model_field(model, "LocalPort", 9));
        else if (direction->length == 3 && memcmp(d, "Out", 3) == 0)
            key_field(key, event, event_model_field(model, "RemotePort", 10));
    }
}

static uint32_t hash_bytes(const char *bytes, size_t length)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < length; i++)
        h = (h ^ (unsigned char)bytes[i]) * 16777619u;
    return h;
}

static int grow(sa_agent_t *agent, aggregator_t *a)
{
    sa_allocator_t *allocator = &agent->allocator;
    if (a->count == a->capacity) {
        size_t capacity = a->capacity == 0 ? 16 : a->capacity * 2;
        aggregator_entry_t *entries = alloc_malloc(allocator, capacity * sizeof *entries);
        if (entries == NULL)
            return 0;
        if (a->count > 0)
            memcpy(entries, a->entries, a->count * sizeof *entries);
        alloc_free(allocator, a->entries);
        a->entries = entries;
        a->capacity = capacity;
    }
    if ((a->count + 1) * 2 > a->table_size) {
        size_t size = a->table_size == 0 ? 32 : a->table_size * 2;
        uint32_t *table = alloc_calloc(allocator, size, sizeof *table);
        if (table == NULL)
            return 0;
        for (size_t i = 0; i < a->count; i++) {
            size_t slot = a->entries[i].hash & (size - 1);
            while (table[slot] != 0)
                slot = (slot + 1) & (size - 1);
            table[slot] = (uint32_t)(i + 1);
        }
        alloc_free(allocator, a->table);
        a->table = table;
        a->table_size = size;
    }
    return 1;
}

/* Zeroes what varies between raw events of one key. */
static void zero_fields(int kind, sa_event_t *event)
{
    const event_model_t *model = &event_models[event->model];
    event_put_number(event, event_model_field(model, "ProcessId", 9), 0);
    if (kind == AGGREGATE_PROCESS_CREATE)
        event_put_number(event, event_model_field(model, "ParentProcessId", 15), 0);
    if (kind == AGGREGATE_CONNECTION_CREATE) {
        const field_value_t *direction = &event->items[0].values[event_model_field(model, "Direction", 9)];
        const char *d = event_string(event, direction);
        if (direction->length == 2 && memcmp(d, "In", 2) == 0)
            event_put_string(event, event_model_field(model, "RemotePort", 10), "*", 1);
        else if (direction->length == 3 && memcmp(d, "Out", 3) == 0)
            event_put_string(event, event_model_field(model, "LocalPort", 9), "*", 1);
    }
}

sa_status_t aggregator_add(sa_agent_t *agent, int kind, const sa_event_t *event)
{
    aggregator_t *a = &agent->aggregators[kind];
    build_key(&a->key, kind, event);
    if (a->key.failed)
        return agent_fail(agent, SA_ERR_NO_MEMORY, "out of memory in the aggregator");
    uint32_t hash = hash_bytes(a->key.data, a->key.length);
    if (a->table_size > 0) {
        size_t slot = hash & (a->table_size - 1);
        while (a->table[slot] != 0) {
            aggregator_entry_t *e = &a->entries[a->table[slot] - 1];
            if (e->hash == hash && e->key_length == a->key.length &&
                memcmp(a->keys.data + e->key_offset, a->key.data, a->key.length) == 0) {
                e->hits++;
                return SA_OK;
            }
            slot = (slot + 1) & (a->table_size - 1);
        }
    }
    if ((int64_t)a->count >= agent->config.aggregation_max_keys)
        aggregator_flush(agent, kind, agent->now);
    if (!grow(agent, a))
        return agent_fail(agent, SA_ERR_NO_MEMORY, "out of memory in the aggregator");
    sa_event_t *copy = event_clone_item(event, 0);
    if (copy == NULL)
        return agent_fail(agent, SA_ERR_NO_MEMORY, "out of memory in the aggregator");
    size_t key_offset = a->keys.length;
    buffer_append(&a->keys, a->key.data, a->key.length);
    if (a->keys.failed) {
        a->keys.failed = 0;
        a->keys.length = key_offset;
        event_free(copy);
        return agent_fail(agent, SA_ERR_NO_MEMORY, "out of memory in the aggregator");
    }
    zero_fields(kind, copy);
    copy->category = CATEGORY_AGGREGATED;
    aggregator_entry_t *e = &a->entries[a->count];
    e->event = copy;
    e->hits = 1;
    e->hash = hash;
    e->key_offset = (uint32_t)key_offset;
    e->key_length = (uint32_t)a->key.length;
    size_t slot = hash & (a->table_size - 1);
    while (a->table[slot] != 0)
        slot = (slot + 1) & (a->table_size - 1);
    a->table[slot] = (uint32_t)(a->count + 1);
    a->count++;
    return SA_OK;
}

static void put_time_detail(sa_agent_t *agent, sa_event_t *event, const char *key, int64_t time, int local)
{
    char text[40];
    sa_buffer_t b = {NULL, text, 0, sizeof text, 0};
    if (local)
        canonical_json_write_local(&b, time, agent_utc_offset(agent, time));
    else
        canonical_json_write_utc(&b, time);
    event_put_detail(event, key, strlen(key), text, b.length, 1);
}

void aggregator_flush(sa_agent_t *agent, int kind, int64_t end)
{
    aggregator_t *a = &agent->aggregators[kind];
    int64_t start = a->window_start;
    for (size_t i = 0; i < a->count; i++) {
        sa_event_t *event = a->entries[i].event;
        char hits[24];
        sa_buffer_t b = {NULL, hits, 0, sizeof hits, 0};
        buffer_append_uint(&b, a->entries[i].hits);
        event_put_detail(event, "HitCount", 8, hits, b.length, 1);
        put_time_detail(agent, event, "StartTimeUtc", start, 0);
        put_time_detail(agent, event, "StartTimeLocal", start, 1);
        put_time_detail(agent, event, "EndTimeUtc", end, 0);
        put_time_detail(agent, event, "EndTimeLocal", end, 1);
        event->timestamp = end;
        event->has_timestamp = 1;
        router_route(agent, event);
    }
    clear_entries(a);
    a->window_start = end;
}
