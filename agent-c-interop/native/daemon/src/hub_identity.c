/* hub_identity.c - key file, DPS, module key: the identity the transport connects as. */
#include "hub_identity.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client_certificate.h"
#include "daemon_log.h"
#include "dps_registration.h"
#include "module_key.h"

#define DEFAULT_MQTT_PORT 8883

/* The key file's base64 text, surrounding whitespace removed, into key (capacity bytes). */
static int read_key_file(const char *path, char *key, size_t capacity, char *error, size_t error_capacity)
{
    FILE *file = fopen(path, "rb");
    size_t length, start = 0;
    if (file == NULL) {
        snprintf(error, error_capacity, "cannot read the key file %s: %s", path, strerror(errno));
        return -1;
    }
    length = fread(key, 1, capacity - 1, file);
    fclose(file);
    key[length] = '\0';
    while (length > 0 && strchr(" \t\r\n", key[length - 1]) != NULL)
        key[--length] = '\0';
    while (start < length && strchr(" \t\r\n", key[start]) != NULL)
        start++;
    memmove(key, key + start, length - start + 1);
    if (key[0] == '\0') {
        snprintf(error, error_capacity, "the key file %s is empty", path);
        return -1;
    }
    return 0;
}

static int split(const char *host_and_port, char *host, size_t capacity, int *port, char *error, size_t error_capacity)
{
    if (local_configuration_split_port(host_and_port, DEFAULT_MQTT_PORT, host, capacity, port) != 0) {
        snprintf(error, error_capacity, "the host name %s is too long", host_and_port);
        return -1;
    }
    return 0;
}

static int register_with_dps(const local_configuration_t *c, const hub_identity_options_t *o, hub_identity_t *id, char *error,
                             size_t capacity)
{
    dps_request_t request;
    dps_result_t result;
    char endpoint[256], derived[64];
    int port;
    if (split(c->global_endpoint, endpoint, sizeof endpoint, &port, error, capacity) != 0)
        return -1;
    if (id->key[0] != '\0' && o->enrollment_group) {
        if (dps_derive_key(id->key, c->registration_id, derived, sizeof derived) != 0) {
            snprintf(error, capacity, "the enrollment group key in %s is not base64", c->key_file);
            return -1;
        }
        snprintf(id->key, sizeof id->key, "%s", derived);
        OPENSSL_cleanse(derived, sizeof derived);
    }
    memset(&request, 0, sizeof request);
    request.host = endpoint;
    request.port = port;
    request.id_scope = c->id_scope;
    request.registration_id = c->registration_id;
    request.key = id->key[0] != '\0' ? id->key : NULL;
    request.certificate_file = id->certificate_file;
    request.key_file = id->key_file;
    request.ca_file = c->ca_file;
    request.now_seconds = (int64_t)time(NULL);
    request.timeout_ms = o->timeout_ms;
    daemon_log(DAEMON_LOG_INFORMATION, "registering '%s' with DPS at %s:%d (id scope %s)", c->registration_id, endpoint, port, c->id_scope);
    if (dps_register(&request, &result, error, capacity) != 0)
        return -1;
    daemon_log(DAEMON_LOG_INFORMATION, "DPS assigned device %s on %s", result.device_id, result.assigned_hub);
    snprintf(id->hub_host, sizeof id->hub_host, "%s", result.assigned_hub);
    snprintf(id->device_id, sizeof id->device_id, "%s", result.device_id);
    if (c->gateway_host_name != NULL)
        return split(c->gateway_host_name, id->host, sizeof id->host, &id->port, error, capacity);
    snprintf(id->host, sizeof id->host, "%s", result.assigned_hub);
    id->port = DEFAULT_MQTT_PORT;
    return 0;
}

static int fetch_module_key(const local_configuration_t *c, const hub_identity_options_t *o, hub_identity_t *id, const char *module_id,
                            char *error, size_t capacity)
{
    module_key_request_t request;
    char key[sizeof id->key];
    memset(&request, 0, sizeof request);
    request.hub_host = id->hub_host;
    request.https_port = o->rest_port;
    request.device_id = id->device_id;
    request.module_id = module_id;
    request.device_key = id->key[0] != '\0' ? id->key : NULL;
    request.certificate_file = id->certificate_file;
    request.key_file = id->key_file;
    request.ca_file = c->ca_file;
    request.now_seconds = (int64_t)time(NULL);
    request.timeout_ms = o->timeout_ms;
    if (module_key_fetch(&request, key, sizeof key, error, capacity) != 0)
        return -1;
    daemon_log(DAEMON_LOG_INFORMATION, "fetched the key of module %s of device %s: connecting as the module", module_id, id->device_id);
    memcpy(id->key, key, sizeof key);
    OPENSSL_cleanse(key, sizeof key);
    snprintf(id->module_id, sizeof id->module_id, "%s", module_id);
    id->certificate_file = NULL;
    id->key_file = NULL;
    return 0;
}

int hub_identity_resolve(const local_configuration_t *c, const hub_identity_options_t *o, hub_identity_t *id, char *error, size_t capacity)
{
    int hub_port;
    memset(id, 0, sizeof *id);
    if (c->credentials_method == LOCAL_AUTH_SAS_KEY && read_key_file(c->key_file, id->key, sizeof id->key, error, capacity) != 0)
        goto fail;
    if (c->credentials_method == LOCAL_AUTH_X509) {
        char problem[600];
        id->certificate_file = c->certificate_file;
        id->key_file = c->key_file;
        if (client_certificate_check(c->certificate_file, problem, sizeof problem) != 0)
            daemon_log(DAEMON_LOG_ERROR, "%s: the hub and DPS will refuse it", problem);
    }
    if (c->method == LOCAL_AUTH_DPS) {
        if (register_with_dps(c, o, id, error, capacity) != 0)
            goto fail;
        /* DPS assigns a device: connect as its security module (the configured module id for a
         * module identity), whose key the device fetches. */
        if (fetch_module_key(c, o, id, c->is_module ? c->module_id : HUB_IDENTITY_SECURITY_MODULE, error, capacity) != 0)
            goto fail;
        return 0;
    }
    if (split(c->hub_host_name, id->hub_host, sizeof id->hub_host, &hub_port, error, capacity) != 0 ||
        split(c->gateway_host_name != NULL ? c->gateway_host_name : c->hub_host_name, id->host, sizeof id->host, &id->port, error,
              capacity) != 0)
        goto fail;
    snprintf(id->device_id, sizeof id->device_id, "%s", c->device_id);
    if (c->is_module) {
        snprintf(id->module_id, sizeof id->module_id, "%s", c->module_id);
        return 0;
    }
    if (fetch_module_key(c, o, id, HUB_IDENTITY_SECURITY_MODULE, error, capacity) != 0)
        goto fail;
    return 0;
fail:
    hub_identity_clear(id);
    return -1;
}

void hub_identity_clear(hub_identity_t *id)
{
    OPENSSL_cleanse(id->key, sizeof id->key);
}
