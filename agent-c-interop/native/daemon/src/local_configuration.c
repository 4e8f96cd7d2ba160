/* local_configuration.c - reads the local configuration file with libsecagent's strict JSON
 * reader and applies the schema's rules (required keys, no unknown keys, types, enums,
 * patterns, ranges, the DPS and logging conditions), then checks the files it names. */
#include "local_configuration.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_reader.h"

#define MAX_FILE_BYTES (1024 * 1024)

/* What a parse carries: the document, the problems text and the structure being filled. */
typedef struct parse_state {
    json_document_t doc;
    char *problems;
    size_t capacity;
    size_t used;
    int count;
    int out_of_memory;
} parse_state_t;

static void problem(parse_state_t *state, const char *field, const char *format, ...) __attribute__((format(printf, 3, 4)));

static void problem(parse_state_t *state, const char *field, const char *format, ...)
{
    va_list arguments;
    int n;
    state->count++;
    if (state->used + 1 >= state->capacity)
        return;
    n = snprintf(state->problems + state->used, state->capacity - state->used, "%s: ", field);
    if (n > 0)
        state->used += (size_t)n < state->capacity - state->used ? (size_t)n : state->capacity - state->used - 1;
    va_start(arguments, format);
    n = vsnprintf(state->problems + state->used, state->capacity - state->used, format, arguments);
    va_end(arguments);
    if (n > 0)
        state->used += (size_t)n < state->capacity - state->used ? (size_t)n : state->capacity - state->used - 1;
    if (state->used + 1 < state->capacity) {
        state->problems[state->used++] = '\n';
        state->problems[state->used] = '\0';
    }
}

static const char *key_of(const parse_state_t *state, uint32_t node)
{
    return state->doc.strings.data + state->doc.nodes[node].key_offset;
}

/* Every member key must be one of `allowed` (NULL-terminated). */
static void check_keys(parse_state_t *state, uint32_t object, const char *path, const char *const *allowed)
{
    for (uint32_t m = state->doc.nodes[object].child; m != 0; m = state->doc.nodes[m].next) {
        int known = 0;
        for (const char *const *a = allowed; *a != NULL && !known; a++)
            known = json_key_is(&state->doc, m, *a);
        if (!known)
            problem(state, path, "unknown property '%.*s'.", (int)state->doc.nodes[m].key_length, key_of(state, m));
    }
}

/* A string member: NULL if absent; a problem if not a string or not matching `rule`. The copy
 * goes to *out (heap), NULL when absent or wrong. */
static void string_member(parse_state_t *state, uint32_t object, const char *key, const char *field, int required,
                          int (*rule)(const char *), const char *rule_text, char **out)
{
    uint32_t node = object != 0 || state->doc.nodes[0].type == JSON_OBJECT ? json_member(&state->doc, object, key) : 0;
    const json_node_t *n;
    *out = NULL;
    if (node == 0) {
        if (required)
            problem(state, field, "is required.");
        return;
    }
    n = &state->doc.nodes[node];
    if (n->type != JSON_STRING) {
        problem(state, field, "must be a string.");
        return;
    }
    if (memchr(state->doc.strings.data + n->string_offset, '\0', n->string_length) != NULL) {
        problem(state, field, "must not contain U+0000.");
        return;
    }
    *out = strndup(state->doc.strings.data + n->string_offset, n->string_length);
    if (*out == NULL) {
        state->out_of_memory = 1;
        return;
    }
    if (rule != NULL && !rule(*out)) {
        problem(state, field, "'%s' is not %s.", *out, rule_text);
        free(*out);
        *out = NULL;
    }
}

/* An object member: 0 if absent (a problem if required) or not an object. */
static uint32_t object_member(parse_state_t *state, uint32_t object, const char *key, const char *field, int required)
{
    uint32_t node = json_member(&state->doc, object, key);
    if (node == 0) {
        if (required)
            problem(state, field, "is required.");
        return 0;
    }
    if (state->doc.nodes[node].type != JSON_OBJECT) {
        problem(state, field, "must be an object.");
        return 0;
    }
    return node;
}

static void integer_member(parse_state_t *state, uint32_t object, const char *key, const char *field, int64_t minimum,
                           int64_t maximum, int64_t *out)
{
    uint32_t node = object != 0 ? json_member(&state->doc, object, key) : 0;
    if (node == 0)
        return;
    if (state->doc.nodes[node].type != JSON_NUMBER || !state->doc.nodes[node].is_integer) {
        problem(state, field, "must be an integer.");
        return;
    }
    if (state->doc.nodes[node].integer < minimum || state->doc.nodes[node].integer > maximum) {
        problem(state, field, "must be between %lld and %lld.", (long long)minimum, (long long)maximum);
        return;
    }
    *out = state->doc.nodes[node].integer;
}

/* One of `values` (NULL-terminated): its index, or `fallback` when absent or wrong. */
static int enum_member(parse_state_t *state, uint32_t object, const char *key, const char *field, int required,
                       const char *const *values, int fallback)
{
    char *text = NULL;
    int found = -1;
    if (object == 0)
        return fallback;
    string_member(state, object, key, field, required, NULL, NULL, &text);
    if (text == NULL)
        return fallback;
    for (int i = 0; values[i] != NULL && found < 0; i++) {
        if (strcmp(text, values[i]) == 0)
            found = i;
    }
    if (found < 0)
        problem(state, field, "'%s' is not one of the allowed values.", text);
    free(text);
    return found < 0 ? fallback : found;
}

static const char *const method_names[] = {"sasKey", "x509", "dps", NULL};

/* sasKey or x509 (or dps when allow_dps): fills method, key_file, certificate_file. */
static void parse_credentials(parse_state_t *state, uint32_t node, const char *path, int allow_dps,
                              local_configuration_t *c, local_authentication_method_t *method)
{
    static const char *const sas_keys[] = {"method", "keyFile", NULL};
    static const char *const x509_keys[] = {"method", "certificateFile", "keyFile", NULL};
    static const char *const dps_keys[] = {"method", "idScope", "registrationId", "globalEndpoint", "credentials", NULL};
    char field[96];
    int m;
    snprintf(field, sizeof field, "%s.method", path);
    m = enum_member(state, node, "method", field, 1, method_names, -1);
    if (m < 0)
        return;
    if (m == LOCAL_AUTH_DPS && !allow_dps) {
        problem(state, field, "'dps' is not allowed here.");
        return;
    }
    *method = (local_authentication_method_t)m;
    check_keys(state, node, path, m == LOCAL_AUTH_SAS_KEY ? sas_keys : m == LOCAL_AUTH_X509 ? x509_keys : dps_keys);
    if (m == LOCAL_AUTH_DPS) {
        uint32_t credentials;
        snprintf(field, sizeof field, "%s.idScope", path);
        string_member(state, node, "idScope", field, 1, local_rule_id_scope, "a DPS id scope", &c->id_scope);
        snprintf(field, sizeof field, "%s.registrationId", path);
        string_member(state, node, "registrationId", field, 1, local_rule_registration_id, "a registration id", &c->registration_id);
        snprintf(field, sizeof field, "%s.globalEndpoint", path);
        string_member(state, node, "globalEndpoint", field, 0, local_rule_host_name, "a host name", &c->global_endpoint);
        snprintf(field, sizeof field, "%s.credentials", path);
        credentials = object_member(state, node, "credentials", field, 1);
        if (credentials != 0)
            parse_credentials(state, credentials, field, 0, c, &c->credentials_method);
        return;
    }
    c->credentials_method = *method;
    snprintf(field, sizeof field, "%s.keyFile", path);
    string_member(state, node, "keyFile", field, 1, local_rule_file_path, "an absolute path to a file", &c->key_file);
    if (m == LOCAL_AUTH_X509) {
        snprintf(field, sizeof field, "%s.certificateFile", path);
        string_member(state, node, "certificateFile", field, 1, local_rule_file_path, "an absolute path to a file",
                      &c->certificate_file);
    }
}

static void parse_identity(parse_state_t *state, uint32_t identity, local_configuration_t *c)
{
    static const char *const keys[] = {"type", "deviceId", "moduleId", "authentication", NULL};
    static const char *const types[] = {"module", "device", NULL};
    uint32_t authentication;
    check_keys(state, identity, "identity", keys);
    c->is_module = enum_member(state, identity, "type", "identity.type", 1, types, 0) == 0;
    string_member(state, identity, "deviceId", "identity.deviceId", 0, local_rule_device_id, "an IoT Hub id", &c->device_id);
    string_member(state, identity, "moduleId", "identity.moduleId", 0, local_rule_device_id, "an IoT Hub id", &c->module_id);
    if (!c->is_module && json_member(&state->doc, identity, "moduleId") != 0)
        problem(state, "identity.moduleId", "is not allowed with type device.");
    authentication = object_member(state, identity, "authentication", "identity.authentication", 1);
    if (authentication != 0)
        parse_credentials(state, authentication, "identity.authentication", 1, c, &c->method);
}

static void parse_sections(parse_state_t *state, local_configuration_t *c)
{
    static const char *const root_keys[] = {"$schema", "agentId", "identity", "hubHostName", "gatewayHostName", "caFile",
                                            "transport", "outbox", "logging", "remoteConfigurationObjectName", NULL};
    static const char *const transport_keys[] = {"protocol", "keepAliveInSeconds", NULL};
    static const char *const protocols[] = {"mqtt", "mqttWebSockets", NULL};
    static const char *const outbox_keys[] = {"path", "maxSizeInBytes", NULL};
    static const char *const logging_keys[] = {"level", "diagnosticEventsLevel", "destination", "filePath", NULL};
    static const char *const levels[] = {"debug", "information", "warning", "error", "fatal", "off", NULL};
    static const char *const destinations[] = {"console", "syslog", "eventLog", "file", NULL};
    char *ignored = NULL;
    uint32_t identity, transport, outbox, logging;
    int64_t keep_alive = 240;

    check_keys(state, 0, "(root)", root_keys);
    string_member(state, 0, "$schema", "$schema", 0, NULL, NULL, &ignored);
    free(ignored);
    string_member(state, 0, "agentId", "agentId", 1, local_rule_guid, "a lower-case GUID", &c->agent_id);
    identity = object_member(state, 0, "identity", "identity", 1);
    if (identity != 0)
        parse_identity(state, identity, c);
    string_member(state, 0, "hubHostName", "hubHostName", 0, local_rule_host_name, "a host name", &c->hub_host_name);
    string_member(state, 0, "gatewayHostName", "gatewayHostName", 0, local_rule_host_name, "a host name", &c->gateway_host_name);
    string_member(state, 0, "caFile", "caFile", 0, local_rule_file_path, "an absolute path to a file", &c->ca_file);
    string_member(state, 0, "remoteConfigurationObjectName", "remoteConfigurationObjectName", 0, local_rule_object_name,
                  "a twin property name", &c->remote_configuration_object_name);

    transport = object_member(state, 0, "transport", "transport", 0);
    if (transport != 0) {
        check_keys(state, transport, "transport", transport_keys);
        c->use_websockets = enum_member(state, transport, "protocol", "transport.protocol", 0, protocols, 0) == 1;
        integer_member(state, transport, "keepAliveInSeconds", "transport.keepAliveInSeconds", 30, 1177, &keep_alive);
    }
    c->keep_alive_seconds = (int)keep_alive;

    outbox = object_member(state, 0, "outbox", "outbox", 1);
    if (outbox != 0) {
        check_keys(state, outbox, "outbox", outbox_keys);
        string_member(state, outbox, "path", "outbox.path", 1, local_rule_absolute_path, "an absolute path", &c->outbox_path);
        integer_member(state, outbox, "maxSizeInBytes", "outbox.maxSizeInBytes", 262144, 2147483647, &c->outbox_max_bytes);
    }

    logging = object_member(state, 0, "logging", "logging", 1);
    if (logging != 0) {
        check_keys(state, logging, "logging", logging_keys);
        c->log_level = (daemon_log_level_t)enum_member(state, logging, "level", "logging.level", 1, levels, DAEMON_LOG_INFORMATION);
        c->diagnostic_events_level = (daemon_log_level_t)enum_member(state, logging, "diagnosticEventsLevel",
                                                                     "logging.diagnosticEventsLevel", 0, levels, DAEMON_LOG_WARNING);
        c->log_destination = (local_log_destination_t)enum_member(state, logging, "destination", "logging.destination", 1,
                                                                  destinations, LOCAL_LOG_CONSOLE);
        string_member(state, logging, "filePath", "logging.filePath", c->log_destination == LOCAL_LOG_FILE,
                      local_rule_absolute_path, "an absolute path", &c->log_file_path);
        if (c->log_destination != LOCAL_LOG_FILE && json_member(&state->doc, logging, "filePath") != 0)
            problem(state, "logging.filePath", "is allowed with destination file only.");
    }
}

/* The conditions across sections, then the defaults. */
static void check_conditions(parse_state_t *state, local_configuration_t *c)
{
    if (c->method == LOCAL_AUTH_DPS) {
        if (c->device_id != NULL)
            problem(state, "identity.deviceId", "is not allowed with DPS, which assigns it.");
    } else {
        if (json_member(&state->doc, 0, "hubHostName") == 0)
            problem(state, "hubHostName", "is required unless the identity is provisioned through DPS.");
        if (json_member(&state->doc, json_member(&state->doc, 0, "identity"), "deviceId") == 0 &&
            json_member(&state->doc, 0, "identity") != 0)
            problem(state, "identity.deviceId", "is required unless the identity is provisioned through DPS.");
    }
    if (c->is_module && c->module_id == NULL && (c->module_id = strdup("azureiotsecurity")) == NULL)
        state->out_of_memory = 1;
    if (c->method == LOCAL_AUTH_DPS && c->global_endpoint == NULL &&
        (c->global_endpoint = strdup("global.azure-devices-provisioning.net")) == NULL)
        state->out_of_memory = 1;
    if (c->remote_configuration_object_name == NULL &&
        (c->remote_configuration_object_name = strdup("ms_iotn:urn_azureiot_Security_SecurityAgentConfiguration")) == NULL)
        state->out_of_memory = 1;
}

static void check_files(parse_state_t *state, const local_configuration_t *c)
{
    char message[512];
    const char *field = c->method == LOCAL_AUTH_DPS ? "identity.authentication.credentials" : "identity.authentication";
    char name[64];
    if (c->key_file != NULL && local_rule_secret_file(c->key_file, 1, message, sizeof message) != NULL) {
        snprintf(name, sizeof name, "%s.keyFile", field);
        problem(state, name, "%s", message);
    }
    if (c->certificate_file != NULL && local_rule_secret_file(c->certificate_file, 0, message, sizeof message) != NULL) {
        snprintf(name, sizeof name, "%s.certificateFile", field);
        problem(state, name, "%s", message);
    }
    if (c->ca_file != NULL && local_rule_secret_file(c->ca_file, 0, message, sizeof message) != NULL)
        problem(state, "caFile", "%s", message);
}

int local_configuration_parse(const char *text, size_t length, int check_files_too, local_configuration_t **out,
                              char *problems, size_t capacity)
{
    sa_allocator_t allocator = {0, 0, 0, 0};
    parse_state_t state;
    local_configuration_t *c = NULL;
    size_t error_offset = 0;
    const char *error = NULL;
    int rc;

    memset(&state, 0, sizeof state);
    state.problems = problems;
    state.capacity = capacity;
    if (capacity > 0)
        problems[0] = '\0';
    *out = NULL;
    c = calloc(1, sizeof *c);
    if (c == NULL) {
        problem(&state, "(file)", "out of memory.");
        return -1;
    }
    c->outbox_max_bytes = 10485760;
    c->log_level = DAEMON_LOG_INFORMATION;
    c->diagnostic_events_level = DAEMON_LOG_WARNING;
    rc = json_parse(&state.doc, &allocator, text, length, &error_offset, &error);
    if (rc == -1) {
        problem(&state, "(file)", "is not valid JSON (byte %zu): %s.", error_offset + 1, error);
    } else if (rc != 0) {
        problem(&state, "(file)", "out of memory.");
    } else if (state.doc.nodes[0].type != JSON_OBJECT) {
        problem(&state, "(root)", "must be an object.");
    } else {
        parse_sections(&state, c);
        check_conditions(&state, c);
        if (state.count == 0 && check_files_too)
            check_files(&state, c);
    }
    if (state.out_of_memory)
        problem(&state, "(file)", "out of memory.");
    json_release(&state.doc);
    if (state.count > 0) {
        local_configuration_destroy(c);
        return -1;
    }
    *out = c;
    return 0;
}

int local_configuration_load(const char *path, local_configuration_t **out, char *problems, size_t capacity)
{
    FILE *file = NULL;
    char *text = NULL;
    size_t length = 0;
    int rc = -1;

    *out = NULL;
    file = fopen(path, "rb");
    if (file == NULL) {
        snprintf(problems, capacity, "(file): cannot read %s: %s\n", path, strerror(errno));
        goto cleanup;
    }
    text = malloc(MAX_FILE_BYTES + 1);
    if (text == NULL) {
        snprintf(problems, capacity, "(file): out of memory\n");
        goto cleanup;
    }
    length = fread(text, 1, MAX_FILE_BYTES + 1, file);
    if (ferror(file) || length > MAX_FILE_BYTES) {
        snprintf(problems, capacity, "(file): cannot read %s, or it is larger than 1 MiB\n", path);
        goto cleanup;
    }
    rc = local_configuration_parse(text, length, 1, out, problems, capacity);
cleanup:
    free(text);
    if (file != NULL)
        fclose(file);
    return rc;
}

void local_configuration_destroy(local_configuration_t *c)
{
    if (c == NULL)
        return;
    free(c->agent_id);
    free(c->device_id);
    free(c->module_id);
    free(c->key_file);
    free(c->certificate_file);
    free(c->id_scope);
    free(c->registration_id);
    free(c->global_endpoint);
    free(c->hub_host_name);
    free(c->gateway_host_name);
    free(c->ca_file);
    free(c->outbox_path);
    free(c->log_file_path);
    free(c->remote_configuration_object_name);
    free(c);
}

int local_configuration_split_port(const char *host_and_port, int default_port, char *host, size_t capacity, int *port)
{
    const char *colon = strrchr(host_and_port, ':');
    size_t length = colon != NULL ? (size_t)(colon - host_and_port) : strlen(host_and_port);
    if (length + 1 > capacity)
        return -1;
    memcpy(host, host_and_port, length);
    host[length] = '\0';
    *port = colon != NULL ? atoi(colon + 1) : default_port;
    return 0;
}
