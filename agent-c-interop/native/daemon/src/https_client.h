/* https_client.h - one HTTP/1.1 GET over TLS with OpenSSL: what the device identity needs to
 * fetch its security module's key from the hub's REST API (docs/iothub.md). TLS 1.2 or 1.3,
 * the peer's chain verified against the CA file (or the system store) and its name checked,
 * always; SNI sent. One request per connection ("Connection: close"). */
#ifndef SA_HTTPS_CLIENT_H
#define SA_HTTPS_CLIENT_H

#include <stddef.h>

typedef struct https_request {
    const char *host;             /* the server name: connected to, sent as SNI, verified */
    int port;
    const char *path;             /* "/devices/d/modules/m?api-version=..." */
    const char *authorization;    /* the Authorization header value, or NULL */
    const char *ca_file;          /* NULL: the system store */
    const char *certificate_file; /* a client certificate (PEM), or NULL */
    const char *key_file;         /* its key */
    int timeout_ms;               /* for connecting and for every read and write */
} https_request_t;

/*
 * https_get - sends the GET and reads the whole answer: *status the HTTP status and the body
 * (Content-Length or chunked; an answer without either is refused) into body, NUL-terminated, at most capacity - 1
 * bytes (a longer body is an error). Returns 0, or -1 with the reason in error.
 */
int https_get(const https_request_t *request, int *status, char *body, size_t capacity, char *error, size_t error_capacity);

#endif
