/* client_certificate.c - the validity period of the client certificate, with OpenSSL. */
#include "client_certificate.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>

/* The time as OpenSSL prints it ("Jan  2 00:00:00 2020 GMT"). */
static void time_text(const ASN1_TIME *time, char *out, size_t capacity)
{
    BIO *memory = BIO_new(BIO_s_mem());
    int length = 0;
    out[0] = '\0';
    if (memory != NULL && ASN1_TIME_print(memory, time) == 1)
        length = BIO_read(memory, out, (int)capacity - 1);
    out[length > 0 ? length : 0] = '\0';
    BIO_free(memory);
}

int client_certificate_check(const char *path, char *message, size_t capacity)
{
    FILE *file = fopen(path, "rb");
    X509 *certificate = NULL;
    char when[64];
    int rc = -1;
    if (file == NULL) {
        snprintf(message, capacity, "cannot read the client certificate %s", path);
        return -1;
    }
    certificate = PEM_read_X509(file, NULL, NULL, NULL);
    fclose(file);
    if (certificate == NULL) {
        ERR_clear_error();
        snprintf(message, capacity, "the client certificate %s is not a PEM certificate", path);
        return -1;
    }
    if (X509_cmp_current_time(X509_get0_notAfter(certificate)) < 0) {
        time_text(X509_get0_notAfter(certificate), when, sizeof when);
        snprintf(message, capacity, "the client certificate %s expired on %s", path, when);
        rc = 1;
    } else if (X509_cmp_current_time(X509_get0_notBefore(certificate)) > 0) {
        time_text(X509_get0_notBefore(certificate), when, sizeof when);
        snprintf(message, capacity, "the client certificate %s is not valid before %s", path, when);
        rc = 1;
    } else {
        message[0] = '\0';
        rc = 0;
    }
    X509_free(certificate);
    return rc;
}
