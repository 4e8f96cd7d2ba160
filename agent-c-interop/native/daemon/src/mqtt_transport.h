/* mqtt_transport.h - IoT Hub over MQTT 3.1.1 on TLS with libmosquitto (docs/iothub.md):
 * module or device identity, SAS renewed by reconnecting before expiry, X.509, security
 * messages with their property bag at QoS 1, twin GET / desired patches / reported patches,
 * reconnect with exponential backoff and jitter. A fresh mosquitto client per connection, so
 * nothing of a dropped session is replayed: the outbox re-sends with the same $.mid.
 * Single-threaded: every callback runs inside mqtt_transport_run on the caller's thread. */
#ifndef SA_MQTT_TRANSPORT_H
#define SA_MQTT_TRANSPORT_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mqtt_transport mqtt_transport_t;

/* What to connect to and as whom. The strings are copied at create. */
typedef struct mqtt_transport_settings {
    const char *host;             /* where TCP/TLS goes: the gateway or the hub */
    int port;                     /* 8883 by default */
    const char *hub_host;         /* the SAS audience and the user name's host */
    const char *device_id;
    const char *module_id;        /* NULL: the device identity */
    const char *sas_key;          /* base64; NULL with X.509 */
    const char *certificate_file; /* X.509: PEM certificate (chain) and key */
    const char *key_file;
    const char *ca_file;          /* NULL: the system store */
    int keep_alive_seconds;
    int64_t sas_lifetime_seconds; /* token lifetime; renewed when 15 % remains */
    int64_t reconnect_min_ms;     /* backoff: 1000 doubling to 120000 by default */
    int64_t reconnect_max_ms;
    int twin;                     /* 1: subscribe to and GET the twin on connect (0 for a plain broker) */
} mqtt_transport_settings_t;

/* Called from mqtt_transport_run. Any may be NULL. Text is valid during the call only. */
typedef struct mqtt_transport_callbacks {
    void *context;
    void (*connected)(void *context);
    void (*disconnected)(void *context);
    void (*acknowledged)(void *context, int packet_id);                      /* PUBACK of a message */
    void (*twin_received)(void *context, const char *json, size_t length);   /* GET answered 200 */
    void (*desired_changed)(void *context, const char *json, size_t length); /* a pushed patch */
    void (*reported_answered)(void *context, int status);                    /* 204, 400, 429... */
} mqtt_transport_callbacks_t;

/* mqtt_transport_create - checks and copies the settings. Returns 0, or -1 with the reason. */
int mqtt_transport_create(const mqtt_transport_settings_t *settings, const mqtt_transport_callbacks_t *callbacks,
                          uint64_t seed, mqtt_transport_t **out, char *error, size_t capacity);
/* mqtt_transport_destroy - disconnects and frees; NULL is a no-op. */
void mqtt_transport_destroy(mqtt_transport_t *transport);
/*
 * mqtt_transport_run - does what is due at now_ms (connect, reconnect after the backoff,
 * renew the SAS token, keep-alive) and waits at most timeout_ms for network traffic, running
 * the callbacks. Returns 1 while connected, else 0.
 */
int mqtt_transport_run(mqtt_transport_t *transport, int64_t now_ms, int timeout_ms);
/*
 * The same work split for one poll(2) over the transport and other descriptors (the daemon's
 * loop): mqtt_transport_prepare does what is due at now_ms (connect, reconnect after the
 * backoff, renew the SAS token, the CONNACK time-out) and returns, through *wake_ms, when it must
 * be called again at the latest (keep-alive included). mqtt_transport_poll_events fills pfd with
 * the client's socket (fd -1 when there is none) and POLLIN, plus POLLOUT while libmosquitto has
 * bytes to write: call it last, after any publish. mqtt_transport_process reads and writes as
 * revents says and runs libmosquitto's keep-alive work (mosquitto_loop_misc) and the callbacks.
 */
void mqtt_transport_prepare(mqtt_transport_t *transport, int64_t now_ms, int64_t *wake_ms);
void mqtt_transport_poll_events(const mqtt_transport_t *transport, struct pollfd *pfd);
void mqtt_transport_process(mqtt_transport_t *transport, int64_t now_ms, short revents);
/* mqtt_transport_is_connected - 1 after CONNACK 0 until the connection drops (0 for NULL). */
int mqtt_transport_is_connected(const mqtt_transport_t *transport);
/*
 * mqtt_transport_send - publishes a security message at QoS 1 with $.ifid, $.ct, $.ce and
 * $.mid = message_id. *packet_id identifies its PUBACK (the acknowledged callback). Returns 0,
 * or -1 when not connected or the publish failed.
 */
int mqtt_transport_send(mqtt_transport_t *transport, const char *message_id, const void *body, size_t length,
                        int *packet_id);
/* mqtt_transport_get_twin - asks for the whole twin (answered by twin_received). 0 or -1. */
int mqtt_transport_get_twin(mqtt_transport_t *transport);
/* mqtt_transport_report - sends a reported-properties patch (answered by reported_answered). */
int mqtt_transport_report(mqtt_transport_t *transport, const char *json, size_t length);
/* mqtt_transport_disconnect - closes the connection now (a clean DISCONNECT); no reconnect
 * until mqtt_transport_run is called again. */
void mqtt_transport_disconnect(mqtt_transport_t *transport);

#endif
