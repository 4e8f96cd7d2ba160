/* configuration.c - defaults, durations and reported properties (see configuration.h). */
#include "configuration.h"

#include <string.h>

#include "canonical_json_writer.h"

/* Twin priority key order; the model of each (ConnectedHardware has none). */
static const int priority_models[PRIORITY_SLOTS] = {
    -1, MODEL_LISTENING_PORTS, MODEL_PROCESS_CREATE, MODEL_PROCESS_TERMINATE, MODEL_SYSTEM_INFORMATION,
    MODEL_LOCAL_USERS, MODEL_LOGIN, MODEL_CONNECTION_CREATE, MODEL_FIREWALL_CONFIGURATION, MODEL_OS_BASELINE,
    MODEL_DIAGNOSTIC, MODEL_CONFIGURATION_ERROR, MODEL_DROPPED_EVENTS_STATISTICS, MODEL_MESSAGE_STATISTICS,
    MODEL_HEARTBEAT,
};

static const char *const key_names[KEY_COUNT] = {
    "highPriorityMessageFrequency", "lowPriorityMessageFrequency", "snapshotFrequency",
    "maxLocalCacheSizeInBytes", "maxMessageSizeInBytes",
    "eventPriorityConnectedHardware", "eventPriorityListeningPorts", "eventPriorityProcessCreate",
    "eventPriorityProcessTerminate", "eventPrioritySystemInformation", "eventPriorityLocalUsers",
    "eventPriorityLogin", "eventPriorityConnectionCreate", "eventPriorityFirewallConfiguration",
    "eventPriorityOSBaseline", "eventPriorityDiagnostic", "eventPriorityConfigurationError",
    "eventPriorityDroppedEventsStatistics", "eventPriorityMessageStatistics", "eventPriorityHeartbeat",
    "aggregationEnabledProcessCreate", "aggregationIntervalProcessCreate",
    "aggregationEnabledConnectionCreate", "aggregationIntervalConnectionCreate",
    "aggregationEnabledProcessTerminate", "aggregationIntervalProcessTerminate",
    "baselineCustomChecksEnabled", "baselineCustomChecksFilePath", "baselineCustomChecksFileHash",
    "hubResourceId", "heartbeatFrequency", "diagnosticEventsMinimumSeverity", "aggregationMaxDistinctKeys",
};

static const char *const priority_names[] = {"High", "Low", "Off"};
static const char *const severity_names[] = {"Debug", "Information", "Warning", "Error", "Fatal"};

#define MINUTE INT64_C(60000)
#define HOUR (60 * MINUTE)

void configuration_defaults(configuration_t *config)
{
    memset(config, 0, sizeof *config);
    config->high_frequency_ms = 7 * MINUTE;
    config->low_frequency_ms = 5 * HOUR;
    config->snapshot_frequency_ms = 13 * HOUR;
    config->max_cache_bytes = 2560000;
    config->max_message_bytes = 204800;
    for (int slot = 0; slot < PRIORITY_SLOTS; slot++)
        config->priorities[slot] = PRIORITY_LOW;
    config->priorities[PRIORITY_SLOT(MODEL_LISTENING_PORTS)] = PRIORITY_HIGH;
    config->priorities[PRIORITY_SLOT(MODEL_LOCAL_USERS)] = PRIORITY_HIGH;
    config->priorities[PRIORITY_SLOT(MODEL_LOGIN)] = PRIORITY_HIGH;
    config->priorities[PRIORITY_SLOT(MODEL_HEARTBEAT)] = PRIORITY_OFF;
    for (int a = 0; a < AGGREGATE_COUNT; a++) {
        config->aggregation_enabled[a] = 1;
        config->aggregation_interval_ms[a] = HOUR;
    }
    config->heartbeat_frequency_ms = 15 * MINUTE;
    config->diagnostic_minimum = SEVERITY_WARNING;
    config->aggregation_max_keys = 1024;
}

const char *configuration_key_name(int key)
{
    return key_names[key];
}

int configuration_priority_slot_of_key(int key)
{
    int index = key - KEY_PRIORITY_FIRST;
    int model = priority_models[index];
    return model < 0 ? 0 : PRIORITY_SLOT(model);
}

int64_t configuration_parse_duration(const char *text, size_t length)
{
    static const char units[] = "WDHMS";
    static const int64_t unit_ms[] = {7 * 24 * HOUR, 24 * HOUR, HOUR, MINUTE, 1000};
    size_t i = 0;
    int next_unit = 0, any_nonzero = 0, in_time = 0, components = 0;
    int64_t total = 0;
    if (length < 2 || text[0] != 'P')
        return -1;
    i = 1;
    while (i < length) {
        if (text[i] == 'T') {
            if (in_time || i + 1 >= length)
                return -1;
            in_time = 1;
            next_unit = 2;
            i++;
            if (text[i] < '0' || text[i] > '9')
                return -1;
            continue;
        }
        int64_t number = 0;
        size_t digits = 0;
        while (i < length && text[i] >= '0' && text[i] <= '9' && digits < 7) {
            number = number * 10 + (text[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || digits > 6 || i >= length)
            return -1;
        const char *unit = memchr(units + next_unit, text[i], (size_t)((in_time ? 5 : 2) - next_unit));
        if (unit == NULL)
            return -1;
        int u = (int)(unit - units);
        total += number * unit_ms[u];
        any_nonzero |= number != 0;
        next_unit = u + 1;
        components++;
        i++;
    }
    return components > 0 && any_nonzero ? total : -1;
}

void configuration_write_duration(sa_buffer_t *out, int64_t ms)
{
    int64_t seconds = ms / 1000;
    int64_t days = seconds / 86400, hours = seconds / 3600 % 24, minutes = seconds / 60 % 60, secs = seconds % 60;
    buffer_append_char(out, 'P');
    if (days > 0) {
        buffer_append_int(out, days);
        buffer_append_char(out, 'D');
    }
    if (hours > 0 || minutes > 0 || secs > 0) {
        buffer_append_char(out, 'T');
        if (hours > 0) {
            buffer_append_int(out, hours);
            buffer_append_char(out, 'H');
        }
        if (minutes > 0) {
            buffer_append_int(out, minutes);
            buffer_append_char(out, 'M');
        }
        if (secs > 0) {
            buffer_append_int(out, secs);
            buffer_append_char(out, 'S');
        }
    }
}

static void write_text(sa_buffer_t *out, const char *text, size_t length, int quoted)
{
    if (quoted)
        canonical_json_write_string(out, text, length);
    else
        buffer_append(out, text, length);
}

static void write_duration(sa_buffer_t *out, int64_t ms, int quoted)
{
    if (quoted)
        buffer_append_char(out, '"');
    configuration_write_duration(out, ms);
    if (quoted)
        buffer_append_char(out, '"');
}

void configuration_write_value(sa_buffer_t *out, const configuration_t *c, int key, int quoted)
{
    if (key >= KEY_PRIORITY_FIRST && key < KEY_AGGREGATION_FIRST) {
        const char *name = priority_names[c->priorities[configuration_priority_slot_of_key(key)]];
        write_text(out, name, strlen(name), quoted);
        return;
    }
    if (key >= KEY_AGGREGATION_FIRST && key < KEY_BASELINE_ENABLED) {
        int a = (key - KEY_AGGREGATION_FIRST) / 2;
        if ((key - KEY_AGGREGATION_FIRST) % 2 == 0)
            buffer_append_str(out, c->aggregation_enabled[a] ? "true" : "false");
        else
            write_duration(out, c->aggregation_interval_ms[a], quoted);
        return;
    }
    switch (key) {
    case KEY_HIGH_FREQUENCY: write_duration(out, c->high_frequency_ms, quoted); break;
    case KEY_LOW_FREQUENCY: write_duration(out, c->low_frequency_ms, quoted); break;
    case KEY_SNAPSHOT_FREQUENCY: write_duration(out, c->snapshot_frequency_ms, quoted); break;
    case KEY_HEARTBEAT_FREQUENCY: write_duration(out, c->heartbeat_frequency_ms, quoted); break;
    case KEY_MAX_CACHE: buffer_append_int(out, c->max_cache_bytes); break;
    case KEY_MAX_MESSAGE: buffer_append_int(out, c->max_message_bytes); break;
    case KEY_AGGREGATION_MAX_KEYS: buffer_append_int(out, c->aggregation_max_keys); break;
    case KEY_BASELINE_ENABLED: buffer_append_str(out, c->baseline_enabled ? "true" : "false"); break;
    case KEY_BASELINE_PATH: write_text(out, c->baseline_path, c->baseline_path_length, quoted); break;
    case KEY_BASELINE_HASH: write_text(out, c->baseline_hash, c->baseline_hash_length, quoted); break;
    case KEY_HUB_RESOURCE_ID: write_text(out, c->hub_resource_id, c->hub_resource_id_length, quoted); break;
    default: {
        const char *name = severity_names[c->diagnostic_minimum];
        write_text(out, name, strlen(name), quoted);
        break;
    }
    }
}

void configuration_write_reported(sa_buffer_t *out, const configuration_t *config)
{
    buffer_append_char(out, '{');
    for (int key = 0; key < KEY_COUNT; key++) {
        if (key > 0)
            buffer_append_char(out, ',');
        buffer_append_char(out, '"');
        buffer_append_str(out, key_names[key]);
        buffer_append_str(out, "\":{\"value\":");
        configuration_write_value(out, config, key, 1);
        buffer_append_char(out, '}');
    }
    buffer_append_char(out, '}');
}
