/* hub_identity.h - who the daemon connects as, and where, from the local configuration
 * (docs/iothub.md): a module identity as configured; a device identity fetches its security
 * module's key from the hub's REST API and connects as that module (as the Azure security
 * agents do); DPS registers first (individual enrollment key, the key derived from an
 * enrollment group's key, or X.509), which names the hub and the device. */
#ifndef SA_HUB_IDENTITY_H
#define SA_HUB_IDENTITY_H

#include <stddef.h>

#include "local_configuration.h"

#define HUB_IDENTITY_SECURITY_MODULE "azureiotsecurity"

/* What the command line adds (the local configuration's schema has no room for it). */
typedef struct hub_identity_options {
    int rest_port;        /* the hub's HTTPS port for the module key (443 on IoT Hub) */
    int enrollment_group; /* DPS: the key file holds the enrollment group's key; derive the device's */
    int timeout_ms;       /* for the key fetch and for the registration */
} hub_identity_options_t;

typedef struct hub_identity {
    char hub_host[256];    /* the SAS audience and the user name's host */
    char host[256];        /* where TCP/TLS goes: the gateway or the hub */
    int port;
    char device_id[129];
    char module_id[129];   /* "" : the device itself */
    char key[512];         /* base64 SAS key, or "" with X.509 */
    const char *certificate_file; /* X.509 (the configuration's strings), else NULL */
    const char *key_file;
} hub_identity_t;

/* hub_identity_resolve - reads the key file, registers with DPS and fetches the module key as
 * the configuration says. Blocks for at most options->timeout_ms per network step. Returns 0,
 * or -1 with the reason in error. */
int hub_identity_resolve(const local_configuration_t *configuration, const hub_identity_options_t *options, hub_identity_t *out,
                         char *error, size_t capacity);
/* hub_identity_clear - wipes the key. */
void hub_identity_clear(hub_identity_t *identity);

#endif
