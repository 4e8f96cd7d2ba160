/* agent.c - options, the agent's life cycle, errors, ids, counters and message hand-out. */
#include "agent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "utf8.h"

static const char zero_id[] = "00000000-0000-0000-0000-000000000000";

/* ---- options ----------------------------------------------------------------------------- */

sa_status_t sa_options_create(sa_options_t **out)
{
    if (out == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    sa_options_t *options = calloc(1, sizeof *options);
    if (options == NULL)
        return SA_ERR_NO_MEMORY;
    memcpy(options->agent_id, zero_id, 36);
    const char *version = sa_version();
    options->agent_version_length = strlen(version) < sizeof options->agent_version ? strlen(version) : 0;
    memcpy(options->agent_version, version, options->agent_version_length);
    *out = options;
    return SA_OK;
}

void sa_options_destroy(sa_options_t *options)
{
    free(options);
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

sa_status_t sa_options_set_agent_id(sa_options_t *options, const char *id, size_t length)
{
    if (options == NULL || id == NULL || length != 36)
        return SA_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < 36; i++) {
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? id[i] != '-' : !is_hex(id[i]))
            return SA_ERR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < 36; i++)
        options->agent_id[i] = (char)(id[i] >= 'A' && id[i] <= 'F' ? id[i] - 'A' + 'a' : id[i]);
    return SA_OK;
}

sa_status_t sa_options_set_agent_version(sa_options_t *options, const char *version, size_t length)
{
    if (options == NULL || version == NULL || length == 0 || length > sizeof options->agent_version ||
        !utf8_is_valid(version, length))
        return SA_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < length; i++)
        if ((unsigned char)version[i] < 0x20 || version[i] == '"' || version[i] == '\\')
            return SA_ERR_INVALID_ARGUMENT;
    memcpy(options->agent_version, version, length);
    options->agent_version_length = length;
    return SA_OK;
}

sa_status_t sa_options_set_deterministic(sa_options_t *options, int enabled)
{
    if (options == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    options->deterministic = enabled != 0;
    return SA_OK;
}

sa_status_t sa_options_set_utc_offset(sa_options_t *options, int minutes)
{
    if (options == NULL || minutes < -720 || minutes > 840)
        return SA_ERR_INVALID_ARGUMENT;
    options->utc_offset_minutes = minutes;
    return SA_OK;
}

sa_status_t sa_options_set_memory_limit(sa_options_t *options, size_t bytes)
{
    if (options == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    options->memory_limit = bytes;
    return SA_OK;
}

/* ---- agent ------------------------------------------------------------------------------- */

sa_status_t agent_fail(sa_agent_t *agent, sa_status_t status, const char *detail)
{
    if (agent != NULL)
        snprintf(agent->error, sizeof agent->error, "%s", detail);
    return status;
}

sa_status_t agent_ok(sa_agent_t *agent)
{
    if (agent != NULL)
        agent->error[0] = '\0';
    return SA_OK;
}

int agent_utc_offset(const sa_agent_t *agent, int64_t time_ms)
{
    (void)time_ms;
    return agent->utc_offset_minutes;
}

/* splitmix64: the production id source, seeded once from the start time and the agent's address */
static uint64_t next_random(sa_agent_t *agent)
{
    uint64_t z = (agent->next_id += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

void agent_next_id(sa_agent_t *agent, char id[36])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char bytes[16];
    if (agent->deterministic) {
        uint64_t n = ++agent->next_id;
        memset(bytes, 0, sizeof bytes);
        bytes[6] = 0x40;
        bytes[8] = 0x80;
        for (int i = 0; i < 6; i++)
            bytes[15 - i] = (unsigned char)(n >> (8 * i));
    } else {
        uint64_t a = next_random(agent), b = next_random(agent);
        for (int i = 0; i < 8; i++) {
            bytes[i] = (unsigned char)(a >> (8 * i));
            bytes[8 + i] = (unsigned char)(b >> (8 * i));
        }
        bytes[6] = (unsigned char)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (unsigned char)((bytes[8] & 0x3F) | 0x80);
    }
    for (int i = 0, o = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            id[o++] = '-';
        id[o++] = hex[bytes[i] >> 4];
        id[o++] = hex[bytes[i] & 15];
    }
}

size_t agent_envelope_overhead(const sa_agent_t *agent)
{
    /* {"AgentVersion":"v","AgentId":"<36>","MessageSchemaVersion":"1.0","Events":[ ... ]} */
    return strlen("{\"AgentVersion\":\"\",\"AgentId\":\"\",\"MessageSchemaVersion\":\"1.0\",\"Events\":[]}") +
           agent->agent_version_length + 36;
}

sa_status_t sa_agent_create(const sa_options_t *options, int64_t start_ms, sa_agent_t **out)
{
    sa_options_t defaults;
    if (out == NULL || start_ms < 0 || start_ms > INT64_C(253402300799999))
        return SA_ERR_INVALID_ARGUMENT;
    if (options == NULL) {
        memset(&defaults, 0, sizeof defaults);
        memcpy(defaults.agent_id, zero_id, 36);
        defaults.agent_version_length = strlen(sa_version());
        memcpy(defaults.agent_version, sa_version(), defaults.agent_version_length);
        options = &defaults;
    }
    if (options->memory_limit != 0 && options->memory_limit < sizeof(sa_agent_t))
        return SA_ERR_NO_MEMORY;
    sa_agent_t *agent = calloc(1, sizeof *agent);
    if (agent == NULL)
        return SA_ERR_NO_MEMORY;
    agent->allocator.limit = options->memory_limit;
    agent->allocator.bytes = sizeof *agent;
    agent->allocator.peak = sizeof *agent;
    memcpy(agent->agent_id, options->agent_id, 36);
    memcpy(agent->agent_version, options->agent_version, options->agent_version_length);
    agent->agent_version_length = options->agent_version_length;
    agent->deterministic = options->deterministic;
    agent->utc_offset_minutes = options->utc_offset_minutes;
    agent->next_id = options->deterministic ? 0 : (uint64_t)start_ms ^ (uint64_t)(uintptr_t)agent;
    agent->start = agent->now = start_ms;
    agent->last_high = agent->last_low = agent->last_snapshot = agent->last_heartbeat = start_ms;
    configuration_defaults(&agent->config);
    buffer_init(&agent->scratch, &agent->allocator);
    buffer_init(&agent->reported, &agent->allocator);
    for (int a = 0; a < AGGREGATE_COUNT; a++)
        aggregator_init(&agent->aggregators[a], &agent->allocator, start_ms);
    agent->made = event_new(&agent->allocator, agent, MODEL_HEARTBEAT);
    if (agent->made == NULL) {
        free(agent);
        return SA_ERR_NO_MEMORY;
    }
    *out = agent;
    return SA_OK;
}

void sa_agent_destroy(sa_agent_t *agent)
{
    if (agent == NULL)
        return;
    sa_allocator_t *allocator = &agent->allocator;
    for (int q = 0; q < 3; q++)
        event_queue_release(allocator, &agent->queues[q]);
    for (int a = 0; a < AGGREGATE_COUNT; a++)
        aggregator_release(&agent->aggregators[a], allocator);
    message_t *m = agent->messages_head;
    while (m != NULL) {
        message_t *next = m->next;
        alloc_free(allocator, m);
        m = next;
    }
    alloc_free(allocator, agent->taken);
    event_free(agent->made);
    buffer_release(&agent->scratch);
    buffer_release(&agent->reported);
    free(agent);
}

const char *sa_agent_last_error(const sa_agent_t *agent)
{
    return agent == NULL ? "" : agent->error;
}

sa_status_t sa_agent_get_reported(sa_agent_t *agent, const char **json, size_t *length)
{
    if (agent == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    if (json == NULL || length == NULL)
        return agent_fail(agent, SA_ERR_INVALID_ARGUMENT, "NULL out-parameter");
    buffer_clear(&agent->reported);
    configuration_write_reported(&agent->reported, &agent->config);
    buffer_terminate(&agent->reported);
    if (agent->reported.failed)
        return agent_fail(agent, SA_ERR_NO_MEMORY, "out of memory writing reported properties");
    *json = agent->reported.data;
    *length = agent->reported.length;
    return agent_ok(agent);
}

sa_status_t sa_agent_take_message(sa_agent_t *agent, const char **body, size_t *length, sa_queue_t *priority)
{
    if (agent == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    if (body == NULL || length == NULL)
        return agent_fail(agent, SA_ERR_INVALID_ARGUMENT, "NULL out-parameter");
    alloc_free(&agent->allocator, agent->taken);
    agent->taken = NULL;
    message_t *m = agent->messages_head;
    if (m == NULL)
        return agent_fail(agent, SA_ERR_EMPTY, "no message is ready");
    agent->messages_head = m->next;
    if (agent->messages_head == NULL)
        agent->messages_tail = NULL;
    agent->message_count--;
    agent->taken = m;
    *body = m->body;
    *length = m->length;
    if (priority != NULL)
        *priority = m->priority;
    return agent_ok(agent);
}

sa_status_t sa_agent_record_send_failure(sa_agent_t *agent)
{
    if (agent == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    agent->report.failed++;
    return agent_ok(agent);
}

sa_status_t sa_agent_set_connected(sa_agent_t *agent, int connected)
{
    if (agent == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    agent->connected = connected != 0;
    return agent_ok(agent);
}

sa_status_t sa_agent_get_counter(const sa_agent_t *agent, sa_counter_t counter, sa_queue_t queue, uint64_t *value)
{
    if (agent == NULL || value == NULL || (unsigned)queue > SA_QUEUE_ALL)
        return SA_ERR_INVALID_ARGUMENT;
    uint64_t sum = 0;
    for (int q = 0; q < 3; q++) {
        if (queue != SA_QUEUE_ALL && q != (int)queue)
            continue;
        const event_queue_t *e = &agent->queues[q];
        switch (counter) {
        case SA_COUNTER_COLLECTED_EVENTS: sum += e->collected; break;
        case SA_COUNTER_DROPPED_EVENTS: sum += e->dropped; break;
        case SA_COUNTER_QUEUED_EVENTS: sum += e->count; break;
        case SA_COUNTER_SENT_EVENTS: sum += e->sent; break;
        default: break;
        }
    }
    switch (counter) {
    case SA_COUNTER_COLLECTED_EVENTS:
    case SA_COUNTER_DROPPED_EVENTS:
    case SA_COUNTER_QUEUED_EVENTS:
    case SA_COUNTER_SENT_EVENTS: *value = sum; return SA_OK;
    case SA_COUNTER_MESSAGES_SENT: *value = agent->messages_sent; return SA_OK;
    case SA_COUNTER_ROUTER_DROPPED_EVENTS: *value = agent->router_dropped; return SA_OK;
    case SA_COUNTER_HEAP_BYTES: *value = agent->allocator.bytes; return SA_OK;
    }
    return SA_ERR_INVALID_ARGUMENT;
}
