/* configuration_parser.c - applies a desired twin configuration object: validation, the
 * whole-update rejection, ConfigurationError events (docs/core-rules.md section 8). */
#include <stdio.h>
#include <string.h>

#include "agent.h"
#include "event.h"
#include "json_reader.h"

#define MAX_TWIN_BYTES 65536

static const char msg_wrapper[] = "Expected an object {\"value\": ...} with no other member.";
static const char msg_duration[] =
    "Expected an ISO 8601 duration such as PT7M: weeks, days, hours, minutes and seconds, not zero, at most 6 digits each.";
static const char msg_priority[] = "Expected High, Low or Off.";
static const char msg_boolean[] = "Expected true or false.";
static const char msg_string[] = "Expected a string of at most 1024 characters.";
static const char msg_hash[] = "Expected a SHA-256 as 64 hexadecimal digits, or an empty string.";
static const char msg_severity[] = "Expected Debug, Information, Warning, Error or Fatal.";
static const char msg_custom[] =
    "Custom baseline checks need baselineCustomChecksFilePath and baselineCustomChecksFileHash.";

/* ASCII case-insensitive equality with a lower-case word. */
static int equals_ignore_case(const char *text, size_t length, const char *lower)
{
    size_t n = strlen(lower);
    if (length != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lower[i])
            return 0;
    }
    return 1;
}

static size_t code_points(const char *text, size_t length)
{
    size_t n = 0;
    for (size_t i = 0; i < length; i++)
        n += ((unsigned char)text[i] & 0xC0) != 0x80;
    return n;
}

typedef struct failure {
    int key;
    const char *message;
    char text[48];
} failure_t;

/* Adds one ConfigurationError item to agent->made. */
static void add_error_item(sa_agent_t *agent, const configuration_t *in_force, int key, const char *name,
                           const char *type, const char *message)
{
    sa_event_t *e = agent->made;
    if (e->items[e->item_count - 1].values[0].set)
        event_add_item(e);
    sa_buffer_t *used = &agent->scratch;
    buffer_clear(used);
    if (key >= 0)
        configuration_write_value(used, in_force, key, 0);
    event_put_string(e, 0, name, strlen(name));
    event_put_string(e, 1, type, strlen(type));
    event_put_string(e, 2, used->failed ? "" : (used->length ? used->data : ""), used->failed ? 0 : used->length);
    event_put_string(e, 3, message, strlen(message));
}

static void begin_errors(sa_agent_t *agent)
{
    event_clear(agent->made, MODEL_CONFIGURATION_ERROR);
}

static void queue_errors(sa_agent_t *agent)
{
    if (agent->made->items[0].values[0].set)
        router_route(agent, agent->made);
}

/* Reads one key into config; returns NULL or the failure message. */
static const char *read_key(const json_document_t *doc, uint32_t root, int key, configuration_t *config)
{
    uint32_t wrapper = json_member(doc, root, configuration_key_name(key));
    if (wrapper == 0 || doc->nodes[wrapper].type == JSON_NULL)
        return NULL;
    const json_node_t *w = &doc->nodes[wrapper];
    if (w->type != JSON_OBJECT || w->child == 0 || doc->nodes[w->child].next != 0 || !json_key_is(doc, w->child, "value"))
        return msg_wrapper;
    const json_node_t *v = &doc->nodes[w->child];
    if (v->type == JSON_NULL)
        return NULL;
    const char *s = doc->strings.data + v->string_offset;
    size_t n = v->string_length;
    int is_string = v->type == JSON_STRING;
    if (key >= KEY_PRIORITY_FIRST && key < KEY_AGGREGATION_FIRST) {
        static const char *const words[] = {"high", "low", "off"};
        for (int p = 0; is_string && p < 3; p++)
            if (equals_ignore_case(s, n, words[p])) {
                config->priorities[configuration_priority_slot_of_key(key)] = (uint8_t)p;
                return NULL;
            }
        return msg_priority;
    }
    int64_t *duration = NULL;
    uint8_t *flag = NULL;
    int64_t *integer = NULL, min = 0, max = 0;
    if (key >= KEY_AGGREGATION_FIRST && key < KEY_BASELINE_ENABLED) {
        int a = (key - KEY_AGGREGATION_FIRST) / 2;
        if ((key - KEY_AGGREGATION_FIRST) % 2 == 0)
            flag = &config->aggregation_enabled[a];
        else
            duration = &config->aggregation_interval_ms[a];
    }
    switch (key) {
    case KEY_HIGH_FREQUENCY: duration = &config->high_frequency_ms; break;
    case KEY_LOW_FREQUENCY: duration = &config->low_frequency_ms; break;
    case KEY_SNAPSHOT_FREQUENCY: duration = &config->snapshot_frequency_ms; break;
    case KEY_HEARTBEAT_FREQUENCY: duration = &config->heartbeat_frequency_ms; break;
    case KEY_MAX_CACHE: integer = &config->max_cache_bytes, min = 8192, max = 2147483647; break;
    case KEY_MAX_MESSAGE: integer = &config->max_message_bytes, min = 8192, max = 262144; break;
    case KEY_AGGREGATION_MAX_KEYS: integer = &config->aggregation_max_keys, min = 16, max = 65536; break;
    case KEY_BASELINE_ENABLED: flag = &config->baseline_enabled; break;
    case KEY_BASELINE_PATH:
    case KEY_HUB_RESOURCE_ID:
        if (!is_string || code_points(s, n) > SA_TEXT_LIMIT)
            return msg_string;
        if (key == KEY_BASELINE_PATH) {
            memcpy(config->baseline_path, s, n);
            config->baseline_path_length = (uint16_t)n;
        } else {
            memcpy(config->hub_resource_id, s, n);
            config->hub_resource_id_length = (uint16_t)n;
        }
        return NULL;
    case KEY_BASELINE_HASH:
        if (!is_string || (n != 0 && n != 64))
            return msg_hash;
        for (size_t i = 0; i < n; i++) {
            char c = s[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
                return msg_hash;
        }
        memcpy(config->baseline_hash, s, n);
        config->baseline_hash_length = (uint8_t)n;
        return NULL;
    case KEY_DIAGNOSTIC_MINIMUM: {
        static const char *const words[] = {"debug", "information", "warning", "error", "fatal"};
        for (int p = 0; is_string && p < 5; p++)
            if (equals_ignore_case(s, n, words[p])) {
                config->diagnostic_minimum = (uint8_t)p;
                return NULL;
            }
        return msg_severity;
    }
    default: break;
    }
    if (duration != NULL) {
        int64_t ms = is_string ? configuration_parse_duration(s, n) : -1;
        if (ms < 0)
            return msg_duration;
        *duration = ms;
        return NULL;
    }
    if (flag != NULL) {
        if (v->type != JSON_TRUE && v->type != JSON_FALSE)
            return msg_boolean;
        *flag = v->type == JSON_TRUE;
        return NULL;
    }
    if (v->type != JSON_NUMBER || !v->is_integer || v->integer < min || v->integer > max)
        return "integer";
    *integer = v->integer;
    return NULL;
}

/* Applies what changed in the running stages (core-rules section 3, twin change). */
/* core-rules section 3, twin change: disabling flushes (and restarts the window, even with nothing
 * pending), a smaller cap flushes, and enabling starts a new window at core time. */
/* A TypeMismatch item for key; read_key's "integer" becomes the key's allowed range. */
static void add_type_mismatch(sa_agent_t *agent, int key, const char *message)
{
    char integer_message[64];
    if (strcmp(message, "integer") == 0) {
        int64_t min = key == KEY_AGGREGATION_MAX_KEYS ? 16 : 8192;
        int64_t max = key == KEY_MAX_MESSAGE ? 262144 : key == KEY_MAX_CACHE ? 2147483647 : 65536;
        snprintf(integer_message, sizeof integer_message, "Expected an integer from %lld to %lld.",
                 (long long)min, (long long)max);
        message = integer_message;
    }
    add_error_item(agent, &agent->config, key, configuration_key_name(key), "TypeMismatch", message);
}

static void apply_to_stages(sa_agent_t *agent, const configuration_t *previous)
{
    for (int a = 0; a < AGGREGATE_COUNT; a++) {
        aggregator_t *ag = &agent->aggregators[a];
        int was = previous->aggregation_enabled[a], is = agent->config.aggregation_enabled[a];
        if ((was && !is) || (int64_t)ag->count > agent->config.aggregation_max_keys)
            aggregator_flush(agent, a, agent->now);
        else if (!was && is)
            ag->window_start = agent->now;
    }
}

sa_status_t sa_agent_apply_twin(sa_agent_t *agent, const char *json, size_t length)
{
    json_document_t doc;
    size_t error_offset = 0;
    const char *error = NULL;
    if (agent == NULL)
        return SA_ERR_INVALID_ARGUMENT;
    if (json == NULL && length > 0)
        return agent_fail(agent, SA_ERR_INVALID_ARGUMENT, "NULL twin text");
    if (length > MAX_TWIN_BYTES)
        return agent_fail(agent, SA_ERR_TOO_LARGE, "twin configuration over 65536 bytes");
    int parsed = json_parse(&doc, &agent->allocator, json == NULL ? "" : json, length, &error_offset, &error);
    if (parsed == -2) {
        json_release(&doc);
        return agent_fail(agent, SA_ERR_NO_MEMORY, "out of memory parsing the twin");
    }
    begin_errors(agent);
    if (parsed != 0 || doc.nodes[0].type != JSON_OBJECT) {
        add_error_item(agent, &agent->config, -1, "TwinConfiguration", "TypeMismatch",
                       "The configuration is not a JSON object.");
        queue_errors(agent);
        json_release(&doc);
        if (parsed != 0) {
            snprintf(agent->error, sizeof agent->error, "malformed JSON at byte %zu: %s", error_offset, error);
            return SA_ERR_BAD_JSON;
        }
        return agent_fail(agent, SA_ERR_BAD_CONFIGURATION, "the configuration is not a JSON object");
    }
    configuration_t next;
    configuration_defaults(&next);
    int failures = 0;
    for (int key = 0; key < KEY_COUNT; key++) {
        const char *message = read_key(&doc, 0, key, &next);
        if (message == NULL && key == KEY_BASELINE_ENABLED && next.baseline_enabled) {
            /* checked after path and hash are read: they come later in key order */
            continue;
        }
        if (message == NULL)
            continue;
        add_type_mismatch(agent, key, message);
        failures++;
    }
    if (failures == 0 && next.baseline_enabled && (next.baseline_path_length == 0 || next.baseline_hash_length == 0)) {
        /* core-rules section 8: the custom-checks rule is checked only when every key parsed */
        /* keep the key order of section 9: rebuild the items with this one in its place */
        begin_errors(agent);
        failures = 0;
        configuration_t probe;
        configuration_defaults(&probe);
        for (int key = 0; key < KEY_COUNT; key++) {
            const char *message = key == KEY_BASELINE_ENABLED ? msg_custom : read_key(&doc, 0, key, &probe);
            if (message == NULL)
                continue;
            add_type_mismatch(agent, key, message);
            failures++;
        }
    }
    json_release(&doc);
    if (failures > 0) {
        queue_errors(agent);
        snprintf(agent->error, sizeof agent->error, "configuration rejected: %d key(s) failed", failures);
        return SA_ERR_BAD_CONFIGURATION;
    }
    configuration_t previous = agent->config;
    agent->config = next;
    apply_to_stages(agent, &previous);
    begin_errors(agent);
    if (next.max_message_bytes % 4096 != 0)
        add_error_item(agent, &next, KEY_MAX_MESSAGE, "maxMessageSizeInBytes", "NotOptimal",
                       "maxMessageSizeInBytes is not a multiple of 4096; IoT Hub meters messages in 4 KB blocks.");
    if (next.max_message_bytes > next.max_cache_bytes)
        add_error_item(agent, &next, KEY_MAX_MESSAGE, "maxMessageSizeInBytes", "Conflict",
                       "maxMessageSizeInBytes is larger than maxLocalCacheSizeInBytes.");
    if (next.high_frequency_ms > next.low_frequency_ms)
        add_error_item(agent, &next, KEY_HIGH_FREQUENCY, "highPriorityMessageFrequency", "Conflict",
                       "highPriorityMessageFrequency is longer than lowPriorityMessageFrequency.");
    queue_errors(agent);
    return agent_ok(agent);
}
