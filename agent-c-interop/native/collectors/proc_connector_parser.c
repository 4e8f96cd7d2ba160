/* proc_connector_parser.c - proc connector datagrams (see proc_connector_parser.h). */
#include "proc_connector_parser.h"

#include <string.h>

#define NETLINK_HEADER 16
#define CONNECTOR_HEADER 20
#define EVENT_HEADER 16
#define EVENT_OFFSET (NETLINK_HEADER + CONNECTOR_HEADER)
#define UNION_OFFSET (EVENT_OFFSET + EVENT_HEADER)

static uint32_t u32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint16_t u16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

int proc_connector_parse_one(const uint8_t *message, size_t length, proc_event_t *event)
{
    memset(event, 0, sizeof *event);
    if (length < UNION_OFFSET)
        return 0;
    uint32_t index = u32(message + NETLINK_HEADER);
    size_t data = u16(message + NETLINK_HEADER + 16);
    if (index != 1 || data < EVENT_HEADER || EVENT_OFFSET + data > length)
        return 0;
    uint32_t what = u32(message + EVENT_OFFSET);
    const uint8_t *body = message + UNION_OFFSET;
    size_t body_length = data - EVENT_HEADER;
    switch (what) {
    case PROC_EVENT_FORK:
        if (body_length < 16)
            return 0;
        *event = (proc_event_t){ what, u32(body + 8), u32(body + 12), u32(body + 4), 0 };
        return 1;
    case PROC_EVENT_EXEC:
        if (body_length < 8)
            return 0;
        *event = (proc_event_t){ what, u32(body), u32(body + 4), 0, 0 };
        return 1;
    case PROC_EVENT_EXIT:
        if (body_length < 16)
            return 0;
        *event = (proc_event_t){ what, u32(body), u32(body + 4), body_length >= 24 ? u32(body + 20) : 0,
                                 u32(body + 8) };
        return 1;
    default:
        return 1; /* a kind not used: kind stays 0 */
    }
}

size_t proc_connector_parse(const uint8_t *datagram, size_t length, void (*visit)(const proc_event_t *event,
                            void *argument), void *argument, uint64_t *malformed)
{
    size_t count = 0;
    while (length >= NETLINK_HEADER) {
        uint32_t message_length = u32(datagram);
        if (message_length < NETLINK_HEADER || message_length > length) {
            (*malformed)++;
            return count;
        }
        proc_event_t event;
        if (proc_connector_parse_one(datagram, message_length, &event)) {
            if (event.kind != 0) {
                visit(&event, argument);
                count++;
            }
        } else {
            (*malformed)++;
        }
        size_t aligned = ((size_t)message_length + 3) & ~(size_t)3;
        if (aligned >= length) {
            length = 0;
            break;
        }
        datagram += aligned;
        length -= aligned;
    }
    if (length > 0 && length < NETLINK_HEADER)
        (*malformed)++;
    return count;
}

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, sizeof v);
}

void proc_connector_listen_request(uint8_t request[PROC_CONNECTOR_LISTEN_LENGTH], int listen, uint32_t port)
{
    uint16_t done = 3, data = 4; /* NLMSG_DONE; sizeof(enum proc_cn_mcast_op) */
    memset(request, 0, PROC_CONNECTOR_LISTEN_LENGTH);
    put32(request, PROC_CONNECTOR_LISTEN_LENGTH);
    memcpy(request + 4, &done, sizeof done);
    put32(request + 12, port);
    put32(request + 16, 1); /* CN_IDX_PROC */
    put32(request + 20, 1); /* CN_VAL_PROC */
    memcpy(request + 32, &data, sizeof data);
    put32(request + 36, listen ? 1u : 2u);
}
