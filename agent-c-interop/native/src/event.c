/* event.c - building events: the internal operations and the public sa_event_* API. */
#include "event.h"

#include <string.h>

#include "agent.h"
#include "canonical_json_writer.h"
#include "utf8.h"

#define MAX_INPUT_STRING (1024u * 1024u)

sa_event_t *event_new(sa_allocator_t *allocator, sa_agent_t *agent, int model)
{
    sa_event_t *event = alloc_calloc(allocator, 1, sizeof *event);
    if (event == NULL)
        return NULL;
    event->allocator = allocator;
    event->agent = agent;
    buffer_init(&event->arena, allocator);
    buffer_init(&event->json, allocator);
    event->items = alloc_calloc(allocator, 1, sizeof *event->items);
    if (event->items == NULL) {
        alloc_free(allocator, event);
        return NULL;
    }
    event->item_capacity = 1;
    event_clear(event, model);
    return event;
}

void event_free(sa_event_t *event)
{
    if (event == NULL)
        return;
    for (size_t i = 0; i < event->item_capacity; i++)
        alloc_free(event->allocator, event->items[i].details);
    alloc_free(event->allocator, event->items);
    buffer_release(&event->arena);
    buffer_release(&event->json);
    alloc_free(event->allocator, event);
}

static void item_clear(event_item_t *item)
{
    memset(item->values, 0, sizeof item->values);
    item->detail_count = 0;
}

void event_clear(sa_event_t *event, int model)
{
    event->model = model;
    event->category = event_models[model].category;
    event->timestamp = 0;
    event->has_timestamp = 0;
    for (size_t i = 0; i < event->item_count; i++)
        item_clear(&event->items[i]);
    item_clear(&event->items[0]);
    event->item_count = 1;
    buffer_clear(&event->arena);
}

sa_status_t event_add_item(sa_event_t *event)
{
    if (event->item_count == event->item_capacity) {
        size_t capacity = event->item_capacity * 2;
        event_item_t *items = alloc_calloc(event->allocator, capacity, sizeof *items);
        if (items == NULL)
            return SA_ERR_NO_MEMORY;
        memcpy(items, event->items, event->item_capacity * sizeof *items);
        alloc_free(event->allocator, event->items);
        event->items = items;
        event->item_capacity = capacity;
    }
    item_clear(&event->items[event->item_count]);
    event->item_count++;
    return SA_OK;
}

/* Appends repaired, truncated text to the arena; the arena's length before is *offset. */
static sa_status_t arena_put(sa_event_t *event, const char *text, size_t length, size_t limit, uint32_t *offset,
                             uint32_t *out_length)
{
    size_t before = event->arena.length;
    if (before > UINT32_MAX - 8 * MAX_INPUT_STRING)
        return SA_ERR_TOO_LARGE;
    utf8_append_repaired(&event->arena, text, length, limit);
    if (event->arena.failed) {
        event->arena.failed = 0;
        event->arena.length = before;
        return SA_ERR_NO_MEMORY;
    }
    *offset = (uint32_t)before;
    *out_length = (uint32_t)(event->arena.length - before);
    return SA_OK;
}

sa_status_t event_put_string(sa_event_t *event, int field, const char *value, size_t length)
{
    field_value_t *slot = &event->items[event->item_count - 1].values[field];
    uint32_t offset, out_length;
    sa_status_t status =
        arena_put(event, value, length, event_models[event->model].fields[field].limit, &offset, &out_length);
    if (status != SA_OK)
        return status;
    slot->offset = offset;
    slot->length = out_length;
    slot->set = 1;
    return SA_OK;
}

sa_status_t event_put_number(sa_event_t *event, int field, int64_t value)
{
    field_value_t *slot = &event->items[event->item_count - 1].values[field];
    slot->number = value;
    slot->set = 1;
    return SA_OK;
}

static int compare_keys(const char *a, size_t a_length, const char *b, size_t b_length)
{
    size_t n = a_length < b_length ? a_length : b_length;
    int c = n == 0 ? 0 : memcmp(a, b, n);
    if (c != 0)
        return c;
    return a_length < b_length ? -1 : a_length > b_length ? 1 : 0;
}

sa_status_t event_put_detail(sa_event_t *event, const char *key, size_t key_length, const char *value,
                             size_t value_length, int replace)
{
    event_item_t *item = &event->items[event->item_count - 1];
    detail_t d;
    sa_status_t status = arena_put(event, key, key_length, SA_TEXT_LIMIT, &d.key_offset, &d.key_length);
    if (status == SA_OK)
        status = arena_put(event, value, value_length, SA_TEXT_LIMIT, &d.value_offset, &d.value_length);
    if (status != SA_OK)
        return status;
    const char *k = event->arena.data + d.key_offset;
    uint32_t at = 0;
    while (at < item->detail_count) {
        const detail_t *e = &item->details[at];
        int c = compare_keys(event->arena.data + e->key_offset, e->key_length, k, d.key_length);
        if (c == 0) {
            if (replace)
                item->details[at] = d;
            return SA_OK; /* a kept first entry leaves the new strings unused in the arena */
        }
        if (c > 0)
            break;
        at++;
    }
    if (item->detail_count == item->detail_capacity) {
        uint32_t capacity = item->detail_capacity == 0 ? 4 : item->detail_capacity * 2;
        detail_t *details = alloc_malloc(event->allocator, capacity * sizeof *details);
        if (details == NULL)
            return SA_ERR_NO_MEMORY;
        if (item->detail_count > 0)
            memcpy(details, item->details, item->detail_count * sizeof *details);
        alloc_free(event->allocator, item->details);
        item->details = details;
        item->detail_capacity = capacity;
    }
    memmove(&item->details[at + 1], &item->details[at], (item->detail_count - at) * sizeof *item->details);
    item->details[at] = d;
    item->detail_count++;
    return SA_OK;
}

/* Copies a string of `source` into the arena of `clone`; returns its new offset. */
static uint32_t copy_string(sa_event_t *clone, const sa_event_t *source, uint32_t offset, uint32_t length)
{
    uint32_t at = (uint32_t)clone->arena.length;
    buffer_append(&clone->arena, source->arena.data + offset, length);
    return at;
}

sa_event_t *event_clone_item(const sa_event_t *source, size_t index)
{
    sa_event_t *clone = event_new(source->allocator, source->agent, source->model);
    if (clone == NULL)
        return NULL;
    clone->category = source->category;
    clone->timestamp = source->timestamp;
    clone->has_timestamp = source->has_timestamp;
    const event_item_t *from = &source->items[index];
    event_item_t *to = &clone->items[0];
    const event_model_t *model = &event_models[source->model];
    /* only the strings the item uses: the source's arena may hold many overwritten values */
    size_t needed = 0;
    for (int f = 0; f < model->field_count; f++)
        if (from->values[f].set && model->fields[f].type == FIELD_STRING)
            needed += from->values[f].length;
    for (uint32_t d = 0; d < from->detail_count; d++)
        needed += (size_t)from->details[d].key_length + from->details[d].value_length;
    buffer_reserve(&clone->arena, needed);
    memcpy(to->values, from->values, sizeof to->values);
    for (int f = 0; f < model->field_count; f++)
        if (to->values[f].set && model->fields[f].type == FIELD_STRING)
            to->values[f].offset = copy_string(clone, source, from->values[f].offset, from->values[f].length);
    if (from->detail_count > 0) {
        to->details = alloc_malloc(clone->allocator, from->detail_count * sizeof *to->details);
        if (to->details != NULL) {
            to->detail_count = to->detail_capacity = from->detail_count;
            for (uint32_t d = 0; d < from->detail_count; d++) {
                to->details[d] = from->details[d];
                to->details[d].key_offset =
                    copy_string(clone, source, from->details[d].key_offset, from->details[d].key_length);
                to->details[d].value_offset =
                    copy_string(clone, source, from->details[d].value_offset, from->details[d].value_length);
            }
        }
    }
    if (clone->arena.failed || (from->detail_count > 0 && to->details == NULL)) {
        event_free(clone);
        return NULL;
    }
    return clone;
}

sa_status_t event_check(const sa_event_t *event, const char **missing)
{
    const event_model_t *model = &event_models[event->model];
    for (size_t i = 0; i < event->item_count; i++) {
        const event_item_t *item = &event->items[i];
        if (model->category == CATEGORY_PERIODIC && event_item_is_empty(item))
            continue; /* not written: an empty snapshot is IsEmpty true */
        for (int f = 0; f < model->field_count; f++) {
            if (model->fields[f].required && !item->values[f].set) {
                *missing = model->fields[f].name;
                return SA_ERR_MISSING_FIELD;
            }
        }
        if (model->user_any_of) {
            int user_id = event_model_field(model, "UserId", 6), user_name = event_model_field(model, "UserName", 8);
            if (!item->values[user_id].set && !item->values[user_name].set) {
                *missing = "UserId or UserName";
                return SA_ERR_MISSING_FIELD;
            }
        }
    }
    return SA_OK;
}

/* ---- public API -------------------------------------------------------------------------- */

sa_status_t sa_event_create(sa_agent_t *agent, const char *name, size_t name_length, sa_event_t **out)
{
    if (agent == NULL || out == NULL || (name == NULL && name_length > 0))
        return agent_fail(agent, SA_ERR_INVALID_ARGUMENT, "sa_event_create: NULL argument");
    int model = event_model_find(name, name_length);
    if (model < 0)
        return agent_fail(agent, SA_ERR_UNKNOWN_EVENT, "unknown event name");
    sa_event_t *event = event_new(&agent->allocator, agent, model);
    if (event == NULL)
        return agent_fail(agent, SA_ERR_NO_MEMORY, "sa_event_create: out of memory");
    *out = event;
    return agent_ok(agent);
}

void sa_event_destroy(sa_event_t *event)
{
    event_free(event);
}

sa_status_t sa_event_reset(sa_event_t *event, const char *name, size_t name_length)
{
    if (event == NULL || (name == NULL && name_length > 0))
        return SA_ERR_INVALID_ARGUMENT;
    int model = event_model_find(name, name_length);
    if (model < 0)
        return agent_fail(event->agent, SA_ERR_UNKNOWN_EVENT, "unknown event name");
    event_clear(event, model);
    return agent_ok(event->agent);
}

sa_status_t sa_event_set_timestamp(sa_event_t *event, int64_t time_ms)
{
    if (event == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    if (time_ms < 0 || time_ms > SA_MAX_TIME_MS)
        return agent_fail(event->agent, SA_ERR_INVALID_ARGUMENT, "timestamp outside 1970-01-01 to 9999-12-31");
    event->timestamp = time_ms;
    event->has_timestamp = 1;
    return agent_ok(event->agent);
}

sa_status_t sa_event_add_item(sa_event_t *event)
{
    if (event == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    if (event_models[event->model].category != CATEGORY_PERIODIC)
        return agent_fail(event->agent, SA_ERR_INVALID_STATE, "only a Periodic event has more than one item");
    if (event_add_item(event) != SA_OK)
        return agent_fail(event->agent, SA_ERR_NO_MEMORY, "sa_event_add_item: out of memory");
    return agent_ok(event->agent);
}

/* Finds a field of the expected type; on failure records the error. */
static sa_status_t find_field(sa_event_t *event, const char *field, size_t field_length, field_type_t type,
                              int *index)
{
    if (field == NULL && field_length > 0)
        return agent_fail(event->agent, SA_ERR_INVALID_ARGUMENT, "NULL field name");
    const event_model_t *model = &event_models[event->model];
    int f = event_model_field(model, field, field_length);
    if (f < 0)
        return agent_fail(event->agent, SA_ERR_UNKNOWN_FIELD, "the event has no field of that name");
    if (model->fields[f].type != type)
        return agent_fail(event->agent, SA_ERR_FIELD_TYPE, "the field has another type");
    *index = f;
    return SA_OK;
}

sa_status_t sa_event_set_string(sa_event_t *event, const char *field, size_t field_length, const char *value,
                                size_t value_length)
{
    int f = 0;
    if (event == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    if (value == NULL && value_length > 0)
        return agent_fail(event->agent, SA_ERR_INVALID_ARGUMENT, "NULL value");
    if (value_length > MAX_INPUT_STRING)
        return agent_fail(event->agent, SA_ERR_TOO_LARGE, "string value over 1 MiB");
    sa_status_t status = find_field(event, field, field_length, FIELD_STRING, &f);
    if (status != SA_OK)
        return status;
    status = event_put_string(event, f, value_length == 0 ? "" : value, value_length);
    return status == SA_OK ? agent_ok(event->agent) : agent_fail(event->agent, status, "cannot store the value");
}

sa_status_t sa_event_set_integer(sa_event_t *event, const char *field, size_t field_length, int64_t value)
{
    int f = 0;
    if (event == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    sa_status_t status = find_field(event, field, field_length, FIELD_INTEGER, &f);
    if (status != SA_OK)
        return status;
    event_put_number(event, f, value);
    return agent_ok(event->agent);
}

sa_status_t sa_event_set_boolean(sa_event_t *event, const char *field, size_t field_length, int value)
{
    int f = 0;
    if (event == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    sa_status_t status = find_field(event, field, field_length, FIELD_BOOLEAN, &f);
    if (status != SA_OK)
        return status;
    event_put_number(event, f, value != 0);
    return agent_ok(event->agent);
}

sa_status_t sa_event_add_detail(sa_event_t *event, const char *key, size_t key_length, const char *value,
                                size_t value_length)
{
    if (event == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    if (key == NULL || key_length == 0 || (value == NULL && value_length > 0))
        return agent_fail(event->agent, SA_ERR_INVALID_ARGUMENT, "empty detail key or NULL value");
    if (key_length > MAX_INPUT_STRING || value_length > MAX_INPUT_STRING)
        return agent_fail(event->agent, SA_ERR_TOO_LARGE, "detail over 1 MiB");
    sa_status_t status = event_put_detail(event, key, key_length, value_length == 0 ? "" : value, value_length, 0);
    return status == SA_OK ? agent_ok(event->agent) : agent_fail(event->agent, status, "cannot store the detail");
}

sa_status_t sa_event_to_json(sa_event_t *event, const char **json, size_t *length)
{
    if (event == NULL || json == NULL || length == NULL)
        return event == NULL ? SA_ERR_INVALID_ARGUMENT
                             : agent_fail(event->agent, SA_ERR_INVALID_ARGUMENT, "NULL out-parameter");
    sa_agent_t *agent = event->agent;
    buffer_clear(&event->json);
    int64_t time = event->has_timestamp ? event->timestamp : agent->now;
    canonical_json_write_event(&event->json, event, 0, event->item_count, "00000000-0000-0000-0000-000000000000",
                               time, agent_utc_offset(agent, time));
    buffer_terminate(&event->json);
    if (event->json.failed)
        return agent_fail(agent, SA_ERR_NO_MEMORY, "sa_event_to_json: out of memory");
    *json = event->json.data;
    *length = event->json.length;
    return agent_ok(agent);
}
