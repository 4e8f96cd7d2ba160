/* mqtt_transport.c - the connection state machine over libmosquitto. */
#include "mqtt_transport.h"

#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backoff.h"
#include "client_certificate.h"
#include "daemon_log.h"
#include "sas_token.h"

#define API_VERSION "2021-04-12"
#define CONNACK_TIMEOUT_MS 30000
#define MAX_ID 129
#define MAX_HOST 260

typedef enum transport_state { STATE_WAITING = 0, STATE_CONNECTING = 1, STATE_CONNECTED = 2 } transport_state_t;

struct mqtt_transport {
    char host[MAX_HOST], hub_host[MAX_HOST], device_id[MAX_ID], module_id[MAX_ID];
    int port, has_module, keep_alive, twin;
    char *sas_key, *certificate_file, *key_file, *ca_file;
    int64_t sas_lifetime_ms;
    mqtt_transport_callbacks_t callbacks;
    backoff_t backoff;
    struct mosquitto *mosq;       /* the current connection's client; NULL when waiting */
    transport_state_t state;
    int64_t now_ms;
    int64_t next_attempt_ms;      /* waiting: when to connect again */
    int64_t deadline_ms;          /* connecting: CONNACK time-out; connected: SAS renewal */
    int subscribe_packet;
    int refused;                  /* CONNACK refused: drop the connection */
    unsigned request_id;          /* $rid of twin requests */
    char events_topic[2 * MAX_ID + 64];
    char library_error[256];      /* libmosquitto's last error record (the TLS alert, say) */
};

static char *copy_or_null(const char *text)
{
    return text != NULL ? strdup(text) : NULL;
}

static void on_connect(struct mosquitto *mosq, void *context, int rc)
{
    mqtt_transport_t *t = context;
    (void)mosq;
    if (rc != 0) {
        if (t->certificate_file != NULL)
            daemon_log(DAEMON_LOG_WARNING, "the hub refused the connection: %s (the client certificate %s: is it registered for %s%s%s, "
                       "and valid?)", mosquitto_connack_string(rc), t->certificate_file, t->device_id, t->has_module ? "/" : "",
                       t->has_module ? t->module_id : "");
        else
            daemon_log(DAEMON_LOG_WARNING, "the hub refused the connection: %s", mosquitto_connack_string(rc));
        t->refused = 1;
        return;
    }
    t->state = STATE_CONNECTED;
    backoff_reset(&t->backoff);
    t->deadline_ms = t->sas_key != NULL ? t->now_ms + t->sas_lifetime_ms * 85 / 100 : INT64_MAX;
    daemon_log(DAEMON_LOG_INFORMATION, "connected to %s:%d as %s%s%s", t->host, t->port, t->device_id,
               t->has_module ? "/" : "", t->has_module ? t->module_id : "");
    if (t->twin) {
        char *topics[] = {"$iothub/twin/res/#", "$iothub/twin/PATCH/properties/desired/#"};
        if (mosquitto_subscribe_multiple(t->mosq, &t->subscribe_packet, 2, topics, 0, 0, NULL) != MOSQ_ERR_SUCCESS)
            daemon_log(DAEMON_LOG_WARNING, "cannot subscribe to the twin topics");
    }
    if (t->callbacks.connected != NULL)
        t->callbacks.connected(t->callbacks.context);
}

static void on_subscribe(struct mosquitto *mosq, void *context, int packet_id, int count, const int *granted)
{
    mqtt_transport_t *t = context;
    (void)mosq;
    (void)count;
    (void)granted;
    if (packet_id == t->subscribe_packet)
        mqtt_transport_get_twin(t);
}

static void on_publish(struct mosquitto *mosq, void *context, int packet_id)
{
    mqtt_transport_t *t = context;
    (void)mosq;
    if (t->callbacks.acknowledged != NULL)
        t->callbacks.acknowledged(t->callbacks.context, packet_id);
}

/* $iothub/twin/res/{status}/?$rid={rid}[&$version=...] and $iothub/twin/PATCH/properties/desired/?$version=... */
static void on_message(struct mosquitto *mosq, void *context, const struct mosquitto_message *message)
{
    static const char response[] = "$iothub/twin/res/";
    static const char desired[] = "$iothub/twin/PATCH/properties/desired/";
    mqtt_transport_t *t = context;
    const char *body = message->payload != NULL ? message->payload : "";
    size_t length = (size_t)message->payloadlen;
    (void)mosq;
    if (strncmp(message->topic, response, sizeof response - 1) == 0) {
        int status = atoi(message->topic + sizeof response - 1);
        const char *rid = strstr(message->topic, "$rid=");
        int is_get = rid != NULL && strncmp(rid + 5, "get", 3) == 0;
        if (is_get && status == 200 && t->callbacks.twin_received != NULL)
            t->callbacks.twin_received(t->callbacks.context, body, length);
        else if (is_get)
            daemon_log(DAEMON_LOG_WARNING, "the twin GET was answered %d", status);
        else if (t->callbacks.reported_answered != NULL)
            t->callbacks.reported_answered(t->callbacks.context, status);
    } else if (strncmp(message->topic, desired, sizeof desired - 1) == 0) {
        if (t->callbacks.desired_changed != NULL)
            t->callbacks.desired_changed(t->callbacks.context, body, length);
    }
}

/* libmosquitto reports TLS failures (an expired certificate, an alert from the server) only in
 * its log: keep the last error record for the reason of the failure. */
static void on_log(struct mosquitto *mosq, void *context, int level, const char *text)
{
    mqtt_transport_t *t = context;
    (void)mosq;
    if (level == MOSQ_LOG_ERR)
        snprintf(t->library_error, sizeof t->library_error, "%s", text);
    else if (level == MOSQ_LOG_WARNING)
        daemon_log(DAEMON_LOG_DEBUG, "libmosquitto: %s", text);
}

/* The reason of a failure: libmosquitto's code, and its last error record if there is one. */
static const char *failure_reason(mqtt_transport_t *t, int rc, char *out, size_t capacity)
{
    const char *what = rc == MOSQ_ERR_CONN_LOST || rc == MOSQ_ERR_NO_CONN ? "the connection was lost" : mosquitto_strerror(rc);
    if (t->library_error[0] != '\0')
        snprintf(out, capacity, "%s (%s)", what, t->library_error);
    else
        snprintf(out, capacity, "%s", what);
    t->library_error[0] = '\0';
    return out;
}

/* Drops the current client (if any) and schedules the next attempt after a backoff step. */
static void lose_connection(mqtt_transport_t *t, const char *reason)
{
    int was_connected = t->state == STATE_CONNECTED;
    int64_t wait;
    if (t->mosq != NULL) {
        mosquitto_disconnect(t->mosq);
        mosquitto_destroy(t->mosq);
        t->mosq = NULL;
    }
    t->state = STATE_WAITING;
    wait = backoff_next(&t->backoff);
    t->next_attempt_ms = t->now_ms + wait;
    daemon_log(was_connected ? DAEMON_LOG_WARNING : DAEMON_LOG_INFORMATION, "%s; reconnecting in %lld ms", reason,
               (long long)wait);
    if (was_connected && t->callbacks.disconnected != NULL)
        t->callbacks.disconnected(t->callbacks.context);
}

/* A fresh client: identity, credentials (a new SAS token), TLS, callbacks, then CONNECT. */
static int start_connection(mqtt_transport_t *t)
{
    char client_id[2 * MAX_ID + 1], user[MAX_HOST + 2 * MAX_ID + 32], resource[MAX_HOST + 2 * MAX_ID + 32];
    char token[1024];
    const char *password = NULL;
    int rc;

    snprintf(client_id, sizeof client_id, "%s%s%s", t->device_id, t->has_module ? "/" : "", t->has_module ? t->module_id : "");
    snprintf(user, sizeof user, "%s/%s/?api-version=" API_VERSION, t->hub_host, client_id);
    if (t->sas_key != NULL) {
        snprintf(resource, sizeof resource, "%s/devices/%s%s%s", t->hub_host, t->device_id, t->has_module ? "/modules/" : "",
                 t->has_module ? t->module_id : "");
        if (sas_token_create(resource, t->sas_key, t->now_ms / 1000 + t->sas_lifetime_ms / 1000, token, sizeof token) != 0) {
            daemon_log(DAEMON_LOG_ERROR, "cannot sign a SAS token: the key is not base64");
            return -1;
        }
        password = token;
    }
    if (t->certificate_file != NULL && client_certificate_check(t->certificate_file, token, sizeof token) != 0)
        daemon_log(DAEMON_LOG_ERROR, "%s: the hub will refuse it", token);
    t->library_error[0] = '\0';
    t->mosq = mosquitto_new(client_id, 1, t);
    if (t->mosq == NULL)
        return -1;
    mosquitto_log_callback_set(t->mosq, on_log);
    mosquitto_int_option(t->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    if (t->ca_file == NULL)
        mosquitto_int_option(t->mosq, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
    rc = mosquitto_tls_set(t->mosq, t->ca_file, NULL, t->certificate_file, t->key_file, NULL);
    if (rc == MOSQ_ERR_SUCCESS)
        rc = mosquitto_tls_opts_set(t->mosq, 1, NULL, NULL); /* verify the peer; TLS 1.2 or 1.3 */
    if (rc == MOSQ_ERR_SUCCESS)
        rc = mosquitto_username_pw_set(t->mosq, user, password);
    memset(token, 0, sizeof token);
    if (rc != MOSQ_ERR_SUCCESS) {
        daemon_log(DAEMON_LOG_ERROR, "cannot set up TLS: %s", mosquitto_strerror(rc));
        return -1;
    }
    mosquitto_connect_callback_set(t->mosq, on_connect);
    mosquitto_subscribe_callback_set(t->mosq, on_subscribe);
    mosquitto_publish_callback_set(t->mosq, on_publish);
    mosquitto_message_callback_set(t->mosq, on_message);
    rc = mosquitto_connect(t->mosq, t->host, t->port, t->keep_alive);
    if (rc != MOSQ_ERR_SUCCESS) {
        char reason[400];
        daemon_log(DAEMON_LOG_WARNING, "cannot connect to %s:%d: %s", t->host, t->port, failure_reason(t, rc, reason, sizeof reason));
        return -1;
    }
    t->state = STATE_CONNECTING;
    t->deadline_ms = t->now_ms + CONNACK_TIMEOUT_MS;
    return 0;
}

int mqtt_transport_create(const mqtt_transport_settings_t *s, const mqtt_transport_callbacks_t *callbacks, uint64_t seed,
                          mqtt_transport_t **out, char *error, size_t capacity)
{
    mqtt_transport_t *t = NULL;
    *out = NULL;
    if (s->host == NULL || s->hub_host == NULL || s->device_id == NULL || strlen(s->host) >= MAX_HOST ||
        strlen(s->hub_host) >= MAX_HOST || strlen(s->device_id) >= MAX_ID || (s->module_id != NULL && strlen(s->module_id) >= MAX_ID)) {
        snprintf(error, capacity, "the host, hub host and device id are required (and short)");
        return -1;
    }
    if ((s->sas_key == NULL) == (s->certificate_file == NULL)) {
        snprintf(error, capacity, "exactly one credential is required: a SAS key or a client certificate");
        return -1;
    }
    t = calloc(1, sizeof *t);
    if (t == NULL) {
        snprintf(error, capacity, "out of memory");
        return -1;
    }
    snprintf(t->host, sizeof t->host, "%s", s->host);
    snprintf(t->hub_host, sizeof t->hub_host, "%s", s->hub_host);
    snprintf(t->device_id, sizeof t->device_id, "%s", s->device_id);
    t->has_module = s->module_id != NULL;
    snprintf(t->module_id, sizeof t->module_id, "%s", t->has_module ? s->module_id : "");
    t->port = s->port > 0 ? s->port : 8883;
    t->keep_alive = s->keep_alive_seconds > 0 ? s->keep_alive_seconds : 240;
    t->twin = s->twin;
    t->sas_lifetime_ms = (s->sas_lifetime_seconds > 0 ? s->sas_lifetime_seconds : 3600) * 1000;
    t->sas_key = copy_or_null(s->sas_key);
    t->certificate_file = copy_or_null(s->certificate_file);
    t->key_file = copy_or_null(s->key_file);
    t->ca_file = copy_or_null(s->ca_file);
    if ((s->sas_key != NULL && t->sas_key == NULL) || (s->certificate_file != NULL && t->certificate_file == NULL) ||
        (s->key_file != NULL && t->key_file == NULL) || (s->ca_file != NULL && t->ca_file == NULL)) {
        mqtt_transport_destroy(t);
        snprintf(error, capacity, "out of memory");
        return -1;
    }
    snprintf(t->events_topic, sizeof t->events_topic, "devices/%s%s%s/messages/events/", t->device_id,
             t->has_module ? "/modules/" : "", t->module_id);
    t->callbacks = *callbacks;
    backoff_init(&t->backoff, s->reconnect_min_ms > 0 ? s->reconnect_min_ms : 1000,
                 s->reconnect_max_ms > 0 ? s->reconnect_max_ms : 120000, seed);
    t->state = STATE_WAITING;
    t->next_attempt_ms = 0;
    *out = t;
    return 0;
}

void mqtt_transport_destroy(mqtt_transport_t *t)
{
    if (t == NULL)
        return;
    mqtt_transport_disconnect(t);
    if (t->sas_key != NULL)
        memset(t->sas_key, 0, strlen(t->sas_key));
    free(t->sas_key);
    free(t->certificate_file);
    free(t->key_file);
    free(t->ca_file);
    free(t);
}

void mqtt_transport_disconnect(mqtt_transport_t *t)
{
    if (t->mosq != NULL) {
        if (t->state == STATE_CONNECTED) {
            mosquitto_disconnect(t->mosq);
            mosquitto_loop(t->mosq, 0, 1); /* let the DISCONNECT go out */
        }
        mosquitto_destroy(t->mosq);
        t->mosq = NULL;
    }
    t->state = STATE_WAITING;
}

static void sleep_ms(int64_t ms)
{
    struct timespec wait = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    if (ms > 0)
        nanosleep(&wait, NULL);
}

/* What is due before waiting: 0 when there is a client to run, -1 when waiting (or failed). */
static int do_due_work(mqtt_transport_t *t, int64_t now_ms)
{
    t->now_ms = now_ms;
    if (t->state == STATE_WAITING) {
        if (now_ms < t->next_attempt_ms)
            return -1;
        if (start_connection(t) != 0) {
            lose_connection(t, "cannot connect");
            return -1;
        }
    }
    if (t->state == STATE_CONNECTED && now_ms >= t->deadline_ms) {
        daemon_log(DAEMON_LOG_INFORMATION, "renewing the SAS token: reconnecting");
        mqtt_transport_disconnect(t);
        if (t->callbacks.disconnected != NULL)
            t->callbacks.disconnected(t->callbacks.context);
        if (start_connection(t) != 0) {
            lose_connection(t, "cannot connect");
            return -1;
        }
    }
    if (t->state == STATE_CONNECTING && now_ms >= t->deadline_ms) {
        lose_connection(t, "no CONNACK in time");
        return -1;
    }
    return 0;
}

/* After libmosquitto ran: a refused CONNACK or a failure drops the client. */
static void check_outcome(mqtt_transport_t *t, int rc)
{
    if (t->refused) {
        t->refused = 0;
        lose_connection(t, "the connection was refused");
    } else if (rc != MOSQ_ERR_SUCCESS) {
        char reason[400];
        lose_connection(t, failure_reason(t, rc, reason, sizeof reason));
    }
}

int mqtt_transport_run(mqtt_transport_t *t, int64_t now_ms, int timeout_ms)
{
    if (do_due_work(t, now_ms) != 0) {
        if (t->state == STATE_WAITING && now_ms < t->next_attempt_ms)
            sleep_ms(t->next_attempt_ms - now_ms < timeout_ms ? t->next_attempt_ms - now_ms : timeout_ms);
        return 0;
    }
    check_outcome(t, mosquitto_loop(t->mosq, timeout_ms, 1));
    return t->state == STATE_CONNECTED;
}

/* libmosquitto's keep-alive check (mosquitto_loop_misc) wants a call about every second. */
#define MISC_INTERVAL_MS 1000

void mqtt_transport_prepare(mqtt_transport_t *t, int64_t now_ms, int64_t *wake_ms)
{
    if (do_due_work(t, now_ms) != 0) {
        *wake_ms = t->state == STATE_WAITING ? t->next_attempt_ms : now_ms + MISC_INTERVAL_MS;
        return;
    }
    *wake_ms = now_ms + MISC_INTERVAL_MS;
    if (t->deadline_ms < *wake_ms)
        *wake_ms = t->deadline_ms;
}

void mqtt_transport_poll_events(const mqtt_transport_t *t, struct pollfd *pfd)
{
    pfd->fd = t->mosq != NULL ? mosquitto_socket(t->mosq) : -1;
    pfd->events = (short)(POLLIN | (pfd->fd >= 0 && mosquitto_want_write(t->mosq) ? POLLOUT : 0));
    pfd->revents = 0;
}

void mqtt_transport_process(mqtt_transport_t *t, int64_t now_ms, short revents)
{
    int rc = MOSQ_ERR_SUCCESS;
    t->now_ms = now_ms;
    if (t->mosq == NULL || mosquitto_socket(t->mosq) < 0)
        return;
    /* POLLHUP and POLLERR go through the read, which reports the lost connection. */
    if (revents & (POLLIN | POLLHUP | POLLERR))
        rc = mosquitto_loop_read(t->mosq, 1);
    if (rc == MOSQ_ERR_SUCCESS && t->mosq != NULL && (revents & POLLOUT))
        rc = mosquitto_loop_write(t->mosq, 1);
    if (rc == MOSQ_ERR_SUCCESS && !t->refused)
        rc = mosquitto_loop_misc(t->mosq);
    check_outcome(t, rc);
}

int mqtt_transport_is_connected(const mqtt_transport_t *t)
{
    return t != NULL && t->state == STATE_CONNECTED;
}

int mqtt_transport_send(mqtt_transport_t *t, const char *message_id, const void *body, size_t length, int *packet_id)
{
    char topic[sizeof t->events_topic + 192];
    if (t->state != STATE_CONNECTED || length > 262144)
        return -1;
    snprintf(topic, sizeof topic,
             "%s%%24.ifid=urn%%3Aazureiot%%3ASecurity%%3ASecurityAgent%%3A1&%%24.ct=application%%2Fjson&%%24.ce=utf-8&%%24.mid=%s",
             t->events_topic, message_id);
    return mosquitto_publish(t->mosq, packet_id, topic, (int)length, body, 1, 0) == MOSQ_ERR_SUCCESS ? 0 : -1;
}

int mqtt_transport_get_twin(mqtt_transport_t *t)
{
    char topic[64];
    if (t->state != STATE_CONNECTED)
        return -1;
    snprintf(topic, sizeof topic, "$iothub/twin/GET/?$rid=get%u", ++t->request_id);
    return mosquitto_publish(t->mosq, NULL, topic, 0, NULL, 0, 0) == MOSQ_ERR_SUCCESS ? 0 : -1;
}

int mqtt_transport_report(mqtt_transport_t *t, const char *json, size_t length)
{
    char topic[80];
    if (t->state != STATE_CONNECTED)
        return -1;
    snprintf(topic, sizeof topic, "$iothub/twin/PATCH/properties/reported/?$rid=patch%u", ++t->request_id);
    return mosquitto_publish(t->mosq, NULL, topic, (int)length, json, 0, 0) == MOSQ_ERR_SUCCESS ? 0 : -1;
}
