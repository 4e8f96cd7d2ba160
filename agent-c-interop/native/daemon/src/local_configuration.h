/* local_configuration.h - the one local configuration file both agents read
 * (schemas/local-configuration.schema.json): parsed, checked with the schema's rules, and the
 * files it names checked (a key file must exist and be private). Every problem is reported,
 * not only the first, one "field: message" line each. */
#ifndef SA_LOCAL_CONFIGURATION_H
#define SA_LOCAL_CONFIGURATION_H

#include <stddef.h>
#include <stdint.h>

#include "daemon_log.h"

typedef enum local_authentication_method {
    LOCAL_AUTH_SAS_KEY = 0,
    LOCAL_AUTH_X509 = 1,
    LOCAL_AUTH_DPS = 2
} local_authentication_method_t;

typedef enum local_log_destination {
    LOCAL_LOG_CONSOLE = 0,
    LOCAL_LOG_SYSLOG = 1,
    LOCAL_LOG_EVENT_LOG = 2,
    LOCAL_LOG_FILE = 3
} local_log_destination_t;

/* The checked configuration. Every string is owned by the structure (NUL-terminated, NULL
 * when absent) and freed by local_configuration_destroy. */
typedef struct local_configuration {
    char *agent_id;
    int is_module;
    char *device_id;
    char *module_id;                    /* modules: default "azureiotsecurity" */
    local_authentication_method_t method;
    local_authentication_method_t credentials_method; /* DPS: sasKey or x509; else = method */
    char *key_file;                     /* sasKey and x509 (DPS: of its credentials) */
    char *certificate_file;             /* x509 */
    char *id_scope;                     /* DPS */
    char *registration_id;              /* DPS */
    char *global_endpoint;              /* DPS: host[:port], default global.azure-devices-provisioning.net */
    char *hub_host_name;                /* host[:port] as written; NULL with DPS */
    char *gateway_host_name;
    char *ca_file;
    int use_websockets;
    int keep_alive_seconds;             /* default 240 */
    char *outbox_path;
    int64_t outbox_max_bytes;           /* default 10485760 */
    daemon_log_level_t log_level;
    daemon_log_level_t diagnostic_events_level;
    local_log_destination_t log_destination;
    char *log_file_path;
    char *remote_configuration_object_name;
} local_configuration_t;

/*
 * local_configuration_parse - checks the text of a configuration file and fills *out (a
 * heap structure, freed with local_configuration_destroy). Returns 0; or -1 with the problems
 * in `problems` (capacity bytes, NUL-terminated, one per line, truncated if long) and *out NULL.
 * check_files: 1 to check the files named (existence, key file mode), 0 to skip (tests).
 */
int local_configuration_parse(const char *text, size_t length, int check_files, local_configuration_t **out,
                              char *problems, size_t capacity);
/* local_configuration_load - reads the file at path and parses it (check_files on). */
int local_configuration_load(const char *path, local_configuration_t **out, char *problems, size_t capacity);
/* local_configuration_destroy - frees the structure and its strings; NULL is a no-op. */
void local_configuration_destroy(local_configuration_t *configuration);
/* local_configuration_split_port - "host:8883" gives host "host" (into host, capacity bytes)
 * and *port 8883; "host" gives *port default_port. Returns 0, or -1 if it does not fit. */
int local_configuration_split_port(const char *host_and_port, int default_port, char *host, size_t capacity, int *port);

/* The pattern rules of the schema (local_configuration_rules.c), 1 when the value matches. */
int local_rule_guid(const char *value);
int local_rule_host_name(const char *value);
int local_rule_device_id(const char *value);
int local_rule_absolute_path(const char *value);
int local_rule_file_path(const char *value); /* absolute, and not key material, PEM or a SAS */
int local_rule_object_name(const char *value);
int local_rule_id_scope(const char *value);
int local_rule_registration_id(const char *value);
/* local_rule_secret_file - NULL when path exists and is private to its owner, else the
 * problem text written into message (capacity bytes). */
const char *local_rule_secret_file(const char *path, int must_be_private, char *message, size_t capacity);

#endif
