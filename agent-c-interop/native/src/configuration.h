/* configuration.h - the effective twin configuration: defaults, durations, reported
 * properties (docs/core-rules.md sections 8 and 9). */
#ifndef SA_CONFIGURATION_H
#define SA_CONFIGURATION_H

#include <stddef.h>
#include <stdint.h>

#include "buffer.h"
#include "event_model.h"

typedef enum priority { PRIORITY_HIGH = 0, PRIORITY_LOW = 1, PRIORITY_OFF = 2 } priority_t;
typedef enum severity {
    SEVERITY_DEBUG = 0, SEVERITY_INFORMATION, SEVERITY_WARNING, SEVERITY_ERROR, SEVERITY_FATAL
} severity_t;

/* Priority slots: ConnectedHardware, then one per event model. */
#define PRIORITY_SLOTS (MODEL_COUNT + 1)
#define PRIORITY_SLOT(model) ((model) + 1)

typedef struct configuration {
    int64_t high_frequency_ms;
    int64_t low_frequency_ms;
    int64_t snapshot_frequency_ms;
    int64_t max_cache_bytes;
    int64_t max_message_bytes;
    uint8_t priorities[PRIORITY_SLOTS];
    uint8_t aggregation_enabled[AGGREGATE_COUNT];
    int64_t aggregation_interval_ms[AGGREGATE_COUNT];
    uint8_t baseline_enabled;
    uint16_t baseline_path_length;
    char baseline_path[SA_TEXT_LIMIT * 4];
    char baseline_hash[64];
    uint8_t baseline_hash_length;
    uint16_t hub_resource_id_length;
    char hub_resource_id[SA_TEXT_LIMIT * 4];
    int64_t heartbeat_frequency_ms;
    uint8_t diagnostic_minimum;
    int64_t aggregation_max_keys;
} configuration_t;

/* The twin keys, in the order of reported properties (core-rules section 9). */
typedef enum config_key {
    KEY_HIGH_FREQUENCY, KEY_LOW_FREQUENCY, KEY_SNAPSHOT_FREQUENCY, KEY_MAX_CACHE, KEY_MAX_MESSAGE,
    KEY_PRIORITY_FIRST, /* PRIORITY_SLOTS keys: ConnectedHardware, then twin priority order */
    KEY_AGGREGATION_FIRST = KEY_PRIORITY_FIRST + PRIORITY_SLOTS, /* enabled, interval per type */
    KEY_BASELINE_ENABLED = KEY_AGGREGATION_FIRST + 2 * AGGREGATE_COUNT,
    KEY_BASELINE_PATH, KEY_BASELINE_HASH, KEY_HUB_RESOURCE_ID, KEY_HEARTBEAT_FREQUENCY,
    KEY_DIAGNOSTIC_MINIMUM, KEY_AGGREGATION_MAX_KEYS, KEY_COUNT
} config_key_t;

/* configuration_defaults - the configuration of an agent before any twin. */
void configuration_defaults(configuration_t *config);
/* configuration_key_name - the twin key name of a config_key_t. */
const char *configuration_key_name(int key);
/* configuration_priority_slot_of_key - the priority slot a KEY_PRIORITY_FIRST+n key sets. */
int configuration_priority_slot_of_key(int key);
/* configuration_write_value - the value in force for a key: JSON (quoted = 1) or as
 * UsedConfiguration text (quoted = 0: strings unquoted). */
void configuration_write_value(sa_buffer_t *out, const configuration_t *config, int key, int quoted);
/* configuration_write_reported - the whole reported-properties object. */
void configuration_write_reported(sa_buffer_t *out, const configuration_t *config);
/* configuration_parse_duration - ms, or -1 if text is not a duration per core-rules section 8. */
int64_t configuration_parse_duration(const char *text, size_t length);
/* configuration_write_duration - the canonical form of a duration of whole seconds. */
void configuration_write_duration(sa_buffer_t *out, int64_t ms);

#endif
