/* tls_client_floor.c - the least a libmosquitto client over OpenSSL holds in memory: connects
 * over TLS (the CA file given, verification on), publishes a 1 KiB QoS 1 message a second, and
 * does nothing else. footprint.py --floor measures it beside security-agent-c, whose resident
 * set is this floor plus the agent's own memory.
 *
 * Build: cc -O2 -o tls-client-floor tls_client_floor.c -lmosquitto
 * Usage: tls-client-floor HOST PORT CA_FILE CLIENT_ID USERNAME PASSWORD TOPIC */
#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc != 8) {
        fprintf(stderr, "usage: %s HOST PORT CA_FILE CLIENT_ID USERNAME PASSWORD TOPIC\n", argv[0]);
        return 2;
    }
    static char payload[1024];
    memset(payload, 'x', sizeof payload);
    mosquitto_lib_init();
    struct mosquitto *client = mosquitto_new(argv[4], true, NULL);
    if (client == NULL || mosquitto_int_option(client, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311) != MOSQ_ERR_SUCCESS
        || mosquitto_username_pw_set(client, argv[5], argv[6]) != MOSQ_ERR_SUCCESS
        || mosquitto_tls_set(client, argv[3], NULL, NULL, NULL, NULL) != MOSQ_ERR_SUCCESS
        || mosquitto_connect(client, argv[1], atoi(argv[2]), 60) != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "tls-client-floor: could not connect\n");
        return 1;
    }
    time_t last = 0;
    for (;;) {
        int rc = mosquitto_loop(client, 1000, 1);
        if (rc != MOSQ_ERR_SUCCESS) {
            fprintf(stderr, "tls-client-floor: %s\n", mosquitto_strerror(rc));
            return 1;
        }
        time_t now = time(NULL);
        if (now != last) {
            last = now;
            mosquitto_publish(client, NULL, argv[7], sizeof payload, payload, 1, false);
        }
    }
}
