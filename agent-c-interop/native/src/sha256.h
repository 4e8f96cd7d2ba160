/* sha256.h - SHA-256 (FIPS 180-4), for checking a file against a configured hash (OSBaseline's
 * custom checks) without linking a crypto library into libsecagent. */
#ifndef SA_SHA256_H
#define SA_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32

typedef struct sha256 {
    uint32_t state[8];
    uint64_t length; /* bytes hashed so far */
    uint8_t block[64];
    size_t used;     /* bytes waiting in block */
} sha256_t;

void sha256_init(sha256_t *context);
void sha256_update(sha256_t *context, const void *data, size_t length);
void sha256_final(sha256_t *context, uint8_t digest[SHA256_DIGEST_SIZE]);

/* sha256 - the digest of data in one call. */
void sha256(const void *data, size_t length, uint8_t digest[SHA256_DIGEST_SIZE]);

#endif
