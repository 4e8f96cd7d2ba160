/* https_client.c - a GET over an OpenSSL connection, with the answer parsed as HTTP/1.1. */
#include "https_client.h"

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_RESPONSE (256 * 1024)

static void openssl_reason(const char *what, char *error, size_t capacity)
{
    char reason[256];
    unsigned long code = ERR_get_error();
    ERR_error_string_n(code, reason, sizeof reason);
    snprintf(error, capacity, "%s: %s", what, code != 0 ? reason : "failed");
    ERR_clear_error();
}

/* A TCP connection to host:port (any address it resolves to), with send/receive timeouts. */
static int tcp_connect(const char *host, int port, int timeout_ms, char *error, size_t capacity)
{
    struct addrinfo hints, *found = NULL;
    struct timeval timeout = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    char service[16];
    int fd = -1, rc;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(service, sizeof service, "%d", port);
    rc = getaddrinfo(host, service, &hints, &found);
    if (rc != 0) {
        snprintf(error, capacity, "cannot resolve %s: %s", host, gai_strerror(rc));
        return -1;
    }
    for (struct addrinfo *a = found; a != NULL && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) != 0 ||
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout) != 0 || connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd < 0)
        snprintf(error, capacity, "cannot connect to %s:%d", host, port);
    return fd;
}

static SSL_CTX *tls_context(const https_request_t *r, char *error, size_t capacity)
{
    SSL_CTX *context = SSL_CTX_new(TLS_client_method());
    if (context == NULL) {
        openssl_reason("TLS", error, capacity);
        return NULL;
    }
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, NULL);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
    /* servers often close without close_notify; a cut answer is still caught by its framing */
    SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
    if ((r->ca_file != NULL ? SSL_CTX_load_verify_locations(context, r->ca_file, NULL) : SSL_CTX_set_default_verify_paths(context)) != 1) {
        openssl_reason("the CA file", error, capacity);
        SSL_CTX_free(context);
        return NULL;
    }
    if (r->certificate_file != NULL && (SSL_CTX_use_certificate_chain_file(context, r->certificate_file) != 1 ||
                                        SSL_CTX_use_PrivateKey_file(context, r->key_file, SSL_FILETYPE_PEM) != 1)) {
        openssl_reason("the client certificate", error, capacity);
        SSL_CTX_free(context);
        return NULL;
    }
    return context;
}

/* Decodes a chunked body in place; returns its length, or -1 when malformed or incomplete. */
static long dechunk(char *body, size_t length)
{
    size_t read = 0, written = 0;
    for (;;) {
        char *end;
        unsigned long size = strtoul(body + read, &end, 16);
        char *line_end = strstr(body + read, "\r\n");
        if (end == body + read || line_end == NULL)
            return -1;
        read = (size_t)(line_end - body) + 2;
        if (size == 0)
            return (long)written;
        if (size > length - read || length - read - size < 2)
            return -1;
        memmove(body + written, body + read, size);
        written += size;
        read += size + 2;
    }
}

/* The status, headers and body of a complete answer in response (NUL-terminated). */
static int parse_response(char *response, size_t length, int *status, char *body, size_t capacity, char *error, size_t error_capacity)
{
    char *headers_end = strstr(response, "\r\n\r\n"), *content = NULL;
    size_t content_length;
    int chunked = 0;
    long declared = -1;
    if (headers_end == NULL || sscanf(response, "HTTP/1.%*d %d", status) != 1) {
        snprintf(error, error_capacity, "the answer is not HTTP/1.1");
        return -1;
    }
    *headers_end = '\0';
    for (char *line = strstr(response, "\r\n"); line != NULL; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, "Content-Length:", 15) == 0)
            declared = strtol(line + 17, NULL, 10);
        else if (strncasecmp(line + 2, "Transfer-Encoding:", 18) == 0 && strstr(line + 20, "chunked") != NULL)
            chunked = 1;
    }
    content = headers_end + 4;
    content_length = length - (size_t)(content - response);
    if (chunked) {
        long decoded = dechunk(content, content_length);
        if (decoded < 0) {
            snprintf(error, error_capacity, "a malformed chunked body");
            return -1;
        }
        content_length = (size_t)decoded;
    } else if (declared >= 0 && (size_t)declared <= content_length) {
        content_length = (size_t)declared;
    } else {
        snprintf(error, error_capacity, declared >= 0 ? "the body was cut short" : "the answer has no Content-Length");
        return -1;
    }
    if (content_length >= capacity) {
        snprintf(error, error_capacity, "the body is larger than %zu bytes", capacity - 1);
        return -1;
    }
    memcpy(body, content, content_length);
    body[content_length] = '\0';
    return 0;
}

int https_get(const https_request_t *r, int *status, char *body, size_t capacity, char *error, size_t error_capacity)
{
    SSL_CTX *context = NULL;
    SSL *ssl = NULL;
    char *request = NULL, *response = NULL;
    size_t received = 0;
    int fd = -1, rc = -1, length;

    context = tls_context(r, error, error_capacity);
    if (context == NULL)
        goto cleanup;
    request = malloc(8192);
    response = malloc(MAX_RESPONSE + 1);
    if (request == NULL || response == NULL) {
        snprintf(error, error_capacity, "out of memory");
        goto cleanup;
    }
    length = snprintf(request, 8192, "GET %s HTTP/1.1\r\nHost: %s:%d\r\n%s%s%sAccept: application/json\r\nConnection: close\r\n\r\n",
                      r->path, r->host, r->port, r->authorization != NULL ? "Authorization: " : "",
                      r->authorization != NULL ? r->authorization : "", r->authorization != NULL ? "\r\n" : "");
    if (length < 0 || length >= 8192) {
        snprintf(error, error_capacity, "the request is too long");
        goto cleanup;
    }
    fd = tcp_connect(r->host, r->port, r->timeout_ms, error, error_capacity);
    if (fd < 0)
        goto cleanup;
    ssl = SSL_new(context);
    if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 || SSL_set_tlsext_host_name(ssl, r->host) != 1 || SSL_set1_host(ssl, r->host) != 1) {
        openssl_reason("TLS", error, error_capacity);
        goto cleanup;
    }
    if (SSL_connect(ssl) != 1) {
        long verify = SSL_get_verify_result(ssl);
        if (verify != X509_V_OK)
            snprintf(error, error_capacity, "TLS with %s: the certificate was not accepted: %s", r->host,
                     X509_verify_cert_error_string(verify));
        else
            openssl_reason("TLS handshake", error, error_capacity);
        goto cleanup;
    }
    if (SSL_write(ssl, request, length) != length) {
        openssl_reason("sending the request", error, error_capacity);
        goto cleanup;
    }
    for (;;) {
        int n = SSL_read(ssl, response + received, (int)(MAX_RESPONSE - received));
        if (n <= 0) {
            int reason = SSL_get_error(ssl, n);
            if (reason == SSL_ERROR_ZERO_RETURN || (reason == SSL_ERROR_SYSCALL && received > 0))
                break;
            openssl_reason("reading the answer", error, error_capacity);
            goto cleanup;
        }
        received += (size_t)n;
        if (received == MAX_RESPONSE) {
            snprintf(error, error_capacity, "the answer is larger than %d bytes", MAX_RESPONSE);
            goto cleanup;
        }
    }
    response[received] = '\0';
    rc = parse_response(response, received, status, body, capacity, error, error_capacity);
cleanup:
    if (ssl != NULL)
        SSL_free(ssl);
    if (fd >= 0)
        close(fd);
    SSL_CTX_free(context);
    free(request);
    if (response != NULL)
        OPENSSL_cleanse(response, MAX_RESPONSE + 1);
    free(response);
    return rc;
}
