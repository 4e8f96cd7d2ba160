/* module_key.h - the device identity's step of the Azure security agents (docs/iothub.md):
 * with the device's own credentials, GET https://{hub}/devices/{device}/modules/{module} from
 * the hub's REST API and take authentication.symmetricKey.primaryKey, so that the agent
 * connects as its security module. */
#ifndef SA_MODULE_KEY_H
#define SA_MODULE_KEY_H

#include <stddef.h>
#include <stdint.h>

typedef struct module_key_request {
    const char *hub_host;         /* the SAS audience and the TLS server name (no port) */
    int https_port;               /* 443 on IoT Hub */
    const char *device_id;
    const char *module_id;        /* "azureiotsecurity" */
    const char *device_key;       /* base64: a device SAS (10 minutes) is sent; or NULL with X.509 */
    const char *certificate_file; /* X.509 device: its certificate and key on the TLS connection */
    const char *key_file;
    const char *ca_file;          /* NULL: the system store */
    int64_t now_seconds;          /* for the token's expiry */
    int timeout_ms;
} module_key_request_t;

/* module_key_fetch - the module's primary key (base64) into key (capacity bytes). Returns 0,
 * or -1 with the reason (transport, HTTP status and the hub's message, no key) in error. */
int module_key_fetch(const module_key_request_t *request, char *key, size_t capacity, char *error, size_t error_capacity);

#endif
