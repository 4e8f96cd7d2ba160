/* event_model.h - what each event looks like: its EventType, Category and payload fields in
 * the order of its schema (schemas/events/<Name>.schema.json). */
#ifndef SA_EVENT_MODEL_H
#define SA_EVENT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define SA_MAX_FIELDS 12
#define SA_TEXT_LIMIT 1024
#define SA_COMMAND_LINE_LIMIT 4096

typedef enum field_type { FIELD_STRING, FIELD_INTEGER, FIELD_BOOLEAN } field_type_t;
typedef enum event_category { CATEGORY_PERIODIC, CATEGORY_TRIGGERED, CATEGORY_AGGREGATED } event_category_t;
typedef enum event_kind { KIND_SECURITY, KIND_OPERATIONAL, KIND_DIAGNOSTIC } event_kind_t;

/* Which aggregator an event goes through, if any. */
typedef enum aggregation_kind {
    AGGREGATE_NONE = -1,
    AGGREGATE_PROCESS_CREATE = 0,
    AGGREGATE_CONNECTION_CREATE = 1,
    AGGREGATE_PROCESS_TERMINATE = 2,
    AGGREGATE_COUNT = 3
} aggregation_kind_t;

typedef struct field_model {
    const char *name;
    uint16_t limit; /* strings: byte limit after truncation */
    uint8_t type;   /* field_type_t */
    uint8_t required;
} field_model_t;

typedef struct event_model {
    const char *name;
    uint8_t kind;     /* event_kind_t */
    uint8_t category; /* event_category_t: Periodic or Triggered */
    int8_t aggregation; /* aggregation_kind_t */
    uint8_t user_any_of; /* Login: UserId or UserName required */
    uint8_t field_count;
    field_model_t fields[SA_MAX_FIELDS];
} event_model_t;

/* The models, in the order of the twin's eventPriority<Name> keys. */
enum {
    MODEL_CONNECTED_HARDWARE_UNUSED = -1,
    MODEL_LISTENING_PORTS = 0,
    MODEL_PROCESS_CREATE,
    MODEL_PROCESS_TERMINATE,
    MODEL_SYSTEM_INFORMATION,
    MODEL_LOCAL_USERS,
    MODEL_LOGIN,
    MODEL_CONNECTION_CREATE,
    MODEL_FIREWALL_CONFIGURATION,
    MODEL_OS_BASELINE,
    MODEL_DIAGNOSTIC,
    MODEL_CONFIGURATION_ERROR,
    MODEL_DROPPED_EVENTS_STATISTICS,
    MODEL_MESSAGE_STATISTICS,
    MODEL_HEARTBEAT,
    MODEL_COUNT
};

extern const event_model_t event_models[MODEL_COUNT];

/* event_model_find - the index of the model called name, or -1. */
int event_model_find(const char *name, size_t length);
/* event_model_field - the index of the field called name in a model, or -1. */
int event_model_field(const event_model_t *model, const char *name, size_t length);

#endif
