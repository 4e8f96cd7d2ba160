/* proc_connector_parser.h - proc connector datagrams (NETLINK_CONNECTOR, CN_IDX_PROC), as the
 * C# agent's ProcConnectorParser reads them: netlink header (16 bytes), cn_msg (20), proc_event
 * (what, cpu, timestamp: 16; then the per-kind union), in host order. */
#ifndef SA_PROC_CONNECTOR_PARSER_H
#define SA_PROC_CONNECTOR_PARSER_H

#include <stddef.h>
#include <stdint.h>

#define PROC_EVENT_FORK 0x1u
#define PROC_EVENT_EXEC 0x2u
#define PROC_EVENT_EXIT 0x80000000u
#define PROC_CONNECTOR_LISTEN_LENGTH 40

typedef struct proc_event {
    uint32_t kind;    /* PROC_EVENT_FORK, _EXEC or _EXIT */
    uint32_t pid;     /* the task: the child for a fork */
    uint32_t tgid;    /* its thread group (the process id as user space sees it) */
    uint32_t parent;  /* fork and exit: the parent's thread group */
    uint32_t status;  /* exit: the wait status */
} proc_event_t;

/* proc_connector_parse_one - one netlink message; returns 1 with *event (kind 0 for kinds not
 * used, such as the listen acknowledgement), or 0 when it is truncated or not a proc event. */
int proc_connector_parse_one(const uint8_t *message, size_t length, proc_event_t *event);

/* proc_connector_parse - every netlink message of a datagram (or a recording of several, each
 * at a 4-byte aligned offset); calls visit for each event of a used kind; counts the malformed
 * and truncated ones in *malformed. Returns the number of events visited. */
size_t proc_connector_parse(const uint8_t *datagram, size_t length, void (*visit)(const proc_event_t *event,
                            void *argument), void *argument, uint64_t *malformed);

/* proc_connector_listen_request - the PROC_CN_MCAST_LISTEN (listen 1) or IGNORE request. */
void proc_connector_listen_request(uint8_t request[PROC_CONNECTOR_LISTEN_LENGTH], int listen, uint32_t port);

#endif
