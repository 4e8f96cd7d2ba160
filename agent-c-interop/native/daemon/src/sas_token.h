/* sas_token.h - IoT Hub shared access signatures (docs/iothub.md, Authentication):
 * "SharedAccessSignature sr=<url-encoded resource>&sig=<url-encoded base64 HMAC-SHA256>&se=<expiry>",
 * signed with the base64-decoded key over "<url-encoded resource>\n<expiry>". */
#ifndef SA_SAS_TOKEN_H
#define SA_SAS_TOKEN_H

#include <stddef.h>
#include <stdint.h>

/*
 * sas_token_create - writes the token for `resource` (e.g. "h/devices/d/modules/m"), the
 * base64 key and the expiry (seconds since the epoch) into out (capacity bytes). Returns 0;
 * -1 when the key is not base64 or too long, or out is too small.
 */
int sas_token_create(const char *resource, const char *key_base64, int64_t expiry, char *out, size_t capacity);
/* sas_token_url_encode - percent-encodes everything but unreserved characters (RFC 3986),
 * upper-case hex; returns 0, or -1 if out is too small. */
int sas_token_url_encode(const char *text, char *out, size_t capacity);
/* sas_token_sign - base64(HMAC-SHA256(base64-decoded key, text)) into out (at least 45 bytes);
 * returns 0, or -1 when the key is not base64. */
int sas_token_sign(const char *key_base64, const char *text, char *out, size_t capacity);

#endif
