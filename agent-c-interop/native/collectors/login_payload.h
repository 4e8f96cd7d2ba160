/* login_payload.h - one Login item as both sources of the Login collector make it (the C#
 * agent's LoginPayload): texts are spans into the caller's memory, NULL for an absent optional
 * field; submitted as a Triggered Login event at the source's own time. */
#ifndef SA_LOGIN_PAYLOAD_H
#define SA_LOGIN_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "collector.h"

#define LOGIN_DETAILS_MAX 3

typedef struct login_text {
    const char *text; /* NULL: absent */
    size_t length;
} login_text_t;

typedef struct login_payload {
    uint32_t process_id;
    login_text_t operation;
    login_text_t executable;
    int success;                 /* Result: Success (1) or Fail (0) */
    login_text_t user_id;        /* optional */
    login_text_t user_name;      /* optional (one of user_id, user_name is given) */
    login_text_t remote_address; /* optional, canonical address text */
    const char *detail_keys[LOGIN_DETAILS_MAX];
    login_text_t details[LOGIN_DETAILS_MAX];
    size_t detail_count;
} login_payload_t;

/* login_payload_add_detail - adds an ExtraDetails entry (key: a literal); at most
 * LOGIN_DETAILS_MAX, the rest are ignored. */
void login_payload_add_detail(login_payload_t *payload, const char *key, const char *value, size_t length);

/* login_payload_submit - builds the collector's event from payload at time_ms (milliseconds
 * since the epoch) and submits it. Returns SA_OK or the status of the first step that failed
 * (the detail on the collector). */
sa_status_t login_payload_submit(sa_collector_t *collector, const login_payload_t *payload, int64_t time_ms);

#endif
