/* dps_registration.h - Device Provisioning Service registration over MQTT 3.1.1 on TLS
 * (docs/iothub.md, DPS), with libmosquitto: client id = registration id, user name
 * "{idScope}/registrations/{id}/api-version=2019-03-31", a SAS with skn=registration over
 * "{idScope}/registrations/{id}" (or a client certificate); subscribe to
 * $dps/registrations/res/#, PUT iotdps-register, poll iotdps-get-operationstatus honouring
 * retry-after until 200 "assigned", which names the hub and the device. */
#ifndef SA_DPS_REGISTRATION_H
#define SA_DPS_REGISTRATION_H

#include <stddef.h>
#include <stdint.h>

typedef struct dps_request {
    const char *host;             /* the global endpoint */
    int port;                     /* 8883 */
    const char *id_scope;
    const char *registration_id;
    const char *key;              /* base64: an individual enrollment's key or the derived key; NULL with X.509 */
    const char *certificate_file; /* X.509 attestation */
    const char *key_file;
    const char *ca_file;          /* NULL: the system store */
    int64_t now_seconds;
    int timeout_ms;               /* for the whole registration */
} dps_request_t;

typedef struct dps_result {
    char assigned_hub[256];
    char device_id[129];
} dps_result_t;

/* dps_register - registers and waits for the assignment. Returns 0, or -1 with the reason
 * (refused connection, DPS status and message, time-out) in error. */
int dps_register(const dps_request_t *request, dps_result_t *result, char *error, size_t capacity);
/* dps_derive_key - the key of a device in a symmetric-key enrollment group:
 * base64(HMAC-SHA256(base64-decoded group key, registration id)) into out (at least 45
 * bytes). Returns 0, or -1 when the group key is not base64. */
int dps_derive_key(const char *group_key, const char *registration_id, char *out, size_t capacity);

#endif
