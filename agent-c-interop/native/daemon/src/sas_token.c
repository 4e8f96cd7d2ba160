/* sas_token.c - SAS tokens with OpenSSL's HMAC-SHA256 and base64. */
#include "sas_token.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

#define MAX_KEY_BYTES 128

int sas_token_url_encode(const char *text, char *out, size_t capacity)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t used = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
                    *p == '_' || *p == '~';
        if (used + (plain ? 1 : 3) + 1 > capacity)
            return -1;
        if (plain) {
            out[used++] = (char)*p;
        } else {
            out[used++] = '%';
            out[used++] = hex[*p >> 4];
            out[used++] = hex[*p & 15];
        }
    }
    if (used + 1 > capacity)
        return -1;
    out[used] = '\0';
    return 0;
}

int sas_token_sign(const char *key_base64, const char *text, char *out, size_t capacity)
{
    unsigned char key[MAX_KEY_BYTES + 3];
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length = 0;
    size_t encoded = strlen(key_base64);
    int decoded, padding = 0, rc = -1;

    if (encoded == 0 || encoded % 4 != 0 || encoded / 4 * 3 > sizeof key || capacity < 45)
        goto cleanup;
    decoded = EVP_DecodeBlock(key, (const unsigned char *)key_base64, (int)encoded);
    if (decoded < 0)
        goto cleanup;
    padding = key_base64[encoded - 1] == '=' ? (key_base64[encoded - 2] == '=' ? 2 : 1) : 0;
    if (HMAC(EVP_sha256(), key, decoded - padding, (const unsigned char *)text, strlen(text), digest, &digest_length) == NULL)
        goto cleanup;
    EVP_EncodeBlock((unsigned char *)out, digest, (int)digest_length);
    rc = 0;
cleanup:
    OPENSSL_cleanse(key, sizeof key);
    return rc;
}

int sas_token_create(const char *resource, const char *key_base64, int64_t expiry, char *out, size_t capacity)
{
    char encoded_resource[512], to_sign[560], signature[64], encoded_signature[128];
    if (sas_token_url_encode(resource, encoded_resource, sizeof encoded_resource) != 0)
        return -1;
    if (snprintf(to_sign, sizeof to_sign, "%s\n%lld", encoded_resource, (long long)expiry) >= (int)sizeof to_sign)
        return -1;
    if (sas_token_sign(key_base64, to_sign, signature, sizeof signature) != 0 ||
        sas_token_url_encode(signature, encoded_signature, sizeof encoded_signature) != 0)
        return -1;
    if (snprintf(out, capacity, "SharedAccessSignature sr=%s&sig=%s&se=%lld", encoded_resource, encoded_signature,
                 (long long)expiry) >= (int)capacity)
        return -1;
    return 0;
}
