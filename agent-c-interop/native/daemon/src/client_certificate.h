/* client_certificate.h - a look at the client certificate before it is offered (X.509): a
 * certificate outside its validity period is refused by IoT Hub, DPS and brokers with a bare
 * "not authorised" or a TLS alert, so the daemon says why itself. The server still decides:
 * the daemon connects anyway (its clock may be the one that is wrong). */
#ifndef SA_CLIENT_CERTIFICATE_H
#define SA_CLIENT_CERTIFICATE_H

#include <stddef.h>

/*
 * client_certificate_check - reads the first certificate of the PEM file at path. Returns 0
 * when it is within its validity period now; 1 when it is not (expired, or not valid yet) and -1
 * when it cannot be read as PEM, with the problem in message (capacity bytes).
 */
int client_certificate_check(const char *path, char *message, size_t capacity);

#endif
