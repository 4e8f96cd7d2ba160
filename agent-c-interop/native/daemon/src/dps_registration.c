/* dps_registration.c - one DPS registration on its own short-lived mosquitto client. */
#include "dps_registration.h"

#include <mosquitto.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_text.h"
#include "sas_token.h"

#define DPS_API_VERSION "2019-03-31"
#define TOKEN_LIFETIME_SECONDS 3600
#define MAX_BODY 8192

typedef struct dps_session {
    int connack_received;
    int connack;           /* its code */
    int subscribed;
    int answered;          /* a response with the awaited $rid arrived */
    int rid;               /* the $rid awaited */
    int status;
    int retry_after;       /* seconds */
    char body[MAX_BODY];
} dps_session_t;

static int64_t monotonic_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static void on_connect(struct mosquitto *mosq, void *context, int rc)
{
    (void)mosq;
    ((dps_session_t *)context)->connack = rc;
    ((dps_session_t *)context)->connack_received = 1;
}

static void on_subscribe(struct mosquitto *mosq, void *context, int mid, int count, const int *granted)
{
    (void)mosq;
    (void)mid;
    (void)count;
    (void)granted;
    ((dps_session_t *)context)->subscribed = 1;
}

/* $dps/registrations/res/{status}/?$rid={rid}&retry-after={s} */
static void on_message(struct mosquitto *mosq, void *context, const struct mosquitto_message *message)
{
    static const char prefix[] = "$dps/registrations/res/";
    dps_session_t *s = context;
    const char *rid, *retry;
    size_t length = (size_t)message->payloadlen;
    (void)mosq;
    if (strncmp(message->topic, prefix, sizeof prefix - 1) != 0)
        return;
    rid = strstr(message->topic, "$rid=");
    if (rid == NULL || atoi(rid + 5) != s->rid)
        return;
    retry = strstr(message->topic, "retry-after=");
    s->status = atoi(message->topic + sizeof prefix - 1);
    s->retry_after = retry != NULL ? atoi(retry + 12) : 0;
    if (length >= sizeof s->body)
        length = sizeof s->body - 1;
    if (length > 0)
        memcpy(s->body, message->payload, length);
    s->body[length] = '\0';
    s->answered = 1;
}

/* Runs the client until *flag is set, the deadline passes or the connection fails. */
static int wait_for(struct mosquitto *mosq, const int *flag, int64_t deadline, char *error, size_t capacity, const char *what)
{
    while (!*flag) {
        int64_t left = deadline - monotonic_ms();
        int rc;
        if (left <= 0) {
            snprintf(error, capacity, "DPS: no %s in time", what);
            return -1;
        }
        rc = mosquitto_loop(mosq, left < 200 ? (int)left : 200, 1);
        if (rc != MOSQ_ERR_SUCCESS) {
            snprintf(error, capacity, "DPS: waiting for %s: %s", what, mosquitto_strerror(rc));
            return -1;
        }
    }
    return 0;
}

static void sleep_seconds(int seconds)
{
    struct timespec wait = {seconds, 0};
    nanosleep(&wait, NULL);
}

/* The assignment out of a 200 answer. */
static int read_assignment(const dps_session_t *s, dps_result_t *result, char *error, size_t capacity)
{
    static const char *const state_status[] = {"registrationState", "status", NULL};
    static const char *const top_status[] = {"status", NULL};
    static const char *const hub[] = {"registrationState", "assignedHub", NULL};
    static const char *const device[] = {"registrationState", "deviceId", NULL};
    char status[32];
    size_t length = strlen(s->body);
    if (json_text_get(s->body, length, state_status, status, sizeof status) != 0 &&
        json_text_get(s->body, length, top_status, status, sizeof status) != 0)
        snprintf(status, sizeof status, "none");
    if (strcmp(status, "assigned") != 0 || json_text_get(s->body, length, hub, result->assigned_hub, sizeof result->assigned_hub) != 0 ||
        json_text_get(s->body, length, device, result->device_id, sizeof result->device_id) != 0 || result->assigned_hub[0] == '\0' ||
        result->device_id[0] == '\0') {
        snprintf(error, capacity, "DPS: the registration ended with status '%s' instead of 'assigned'", status);
        return -1;
    }
    return 0;
}

static int connect_client(struct mosquitto *mosq, const dps_request_t *r, char *error, size_t capacity)
{
    char resource[300], user[400], token[1024];
    int rc;
    memset(token, 0, sizeof token);
    snprintf(resource, sizeof resource, "%s/registrations/%s", r->id_scope, r->registration_id);
    snprintf(user, sizeof user, "%s/api-version=" DPS_API_VERSION, resource);
    if (r->key != NULL) {
        size_t used;
        if (sas_token_create(resource, r->key, r->now_seconds + TOKEN_LIFETIME_SECONDS, token, sizeof token - 20) != 0) {
            snprintf(error, capacity, "DPS: cannot sign a SAS token: the key is not base64");
            return -1;
        }
        used = strlen(token);
        snprintf(token + used, sizeof token - used, "&skn=registration");
    }
    mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    if (r->ca_file == NULL)
        mosquitto_int_option(mosq, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
    rc = mosquitto_tls_set(mosq, r->ca_file, NULL, r->key == NULL ? r->certificate_file : NULL, r->key == NULL ? r->key_file : NULL, NULL);
    if (rc == MOSQ_ERR_SUCCESS)
        rc = mosquitto_tls_opts_set(mosq, 1, NULL, NULL);
    if (rc == MOSQ_ERR_SUCCESS)
        rc = mosquitto_username_pw_set(mosq, user, r->key != NULL ? token : NULL);
    OPENSSL_cleanse(token, sizeof token);
    if (rc == MOSQ_ERR_SUCCESS)
        rc = mosquitto_connect(mosq, r->host, r->port, 60);
    if (rc != MOSQ_ERR_SUCCESS) {
        snprintf(error, capacity, "DPS: cannot connect to %s:%d: %s", r->host, r->port, mosquitto_strerror(rc));
        return -1;
    }
    return 0;
}

int dps_register(const dps_request_t *r, dps_result_t *result, char *error, size_t capacity)
{
    dps_session_t *s = calloc(1, sizeof *s);
    struct mosquitto *mosq = NULL;
    int64_t deadline = monotonic_ms() + r->timeout_ms;
    char topic[800], body[300];
    int rc = -1, operation_rid = 0;

    if (s == NULL) {
        snprintf(error, capacity, "out of memory");
        goto cleanup;
    }
    mosq = mosquitto_new(r->registration_id, 1, s);
    if (mosq == NULL) {
        snprintf(error, capacity, "out of memory");
        goto cleanup;
    }
    mosquitto_connect_callback_set(mosq, on_connect);
    mosquitto_subscribe_callback_set(mosq, on_subscribe);
    mosquitto_message_callback_set(mosq, on_message);
    if (connect_client(mosq, r, error, capacity) != 0)
        goto cleanup;
    if (wait_for(mosq, &s->connack_received, deadline, error, capacity, "CONNACK") != 0)
        goto cleanup;
    if (s->connack != 0) {
        snprintf(error, capacity, "DPS refused the connection of '%s': %s", r->registration_id, mosquitto_connack_string(s->connack));
        goto cleanup;
    }
    if (mosquitto_subscribe(mosq, NULL, "$dps/registrations/res/#", 1) != MOSQ_ERR_SUCCESS ||
        wait_for(mosq, &s->subscribed, deadline, error, capacity, "SUBACK") != 0)
        goto cleanup;
    s->rid = 1;
    snprintf(topic, sizeof topic, "$dps/registrations/PUT/iotdps-register/?$rid=%d", s->rid);
    snprintf(body, sizeof body, "{\"registrationId\":\"%s\"}", r->registration_id);
    for (;;) {
        char operation[200], encoded[600];
        static const char *const operation_id[] = {"operationId", NULL};
        static const char *const message[] = {"message", NULL};
        s->answered = 0;
        if (mosquitto_publish(mosq, NULL, topic, operation_rid ? 0 : (int)strlen(body), operation_rid ? NULL : body, 1, 0) != MOSQ_ERR_SUCCESS ||
            wait_for(mosq, &s->answered, deadline, error, capacity, "DPS answer") != 0)
            goto cleanup;
        if (s->status == 200) {
            rc = read_assignment(s, result, error, capacity);
            goto cleanup;
        }
        if (s->status != 202) {
            char reason[256];
            if (json_text_get(s->body, strlen(s->body), message, reason, sizeof reason) != 0)
                snprintf(reason, sizeof reason, "%.200s", s->body);
            snprintf(error, capacity, "DPS refused the registration of '%s' with status %d: %s", r->registration_id, s->status, reason);
            goto cleanup;
        }
        if (json_text_get(s->body, strlen(s->body), operation_id, operation, sizeof operation) != 0 ||
            sas_token_url_encode(operation, encoded, sizeof encoded) != 0) {
            snprintf(error, capacity, "DPS answered 202 without an operationId");
            goto cleanup;
        }
        sleep_seconds(s->retry_after > 0 && s->retry_after < 600 ? s->retry_after : 3);
        operation_rid = ++s->rid;
        snprintf(topic, sizeof topic, "$dps/registrations/GET/iotdps-get-operationstatus/?$rid=%d&operationId=%s", s->rid, encoded);
    }
cleanup:
    if (mosq != NULL) {
        mosquitto_disconnect(mosq);
        mosquitto_destroy(mosq);
    }
    free(s);
    return rc;
}

int dps_derive_key(const char *group_key, const char *registration_id, char *out, size_t capacity)
{
    return sas_token_sign(group_key, registration_id, out, capacity);
}
