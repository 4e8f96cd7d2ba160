/* audit_connection_parser.h - one audit event (SYSCALL + SOCKADDR [+ PROCTITLE]) of connect,
 * accept or accept4 into a ConnectionCreate item, as the C# agent's AuditConnectionParser:
 * connect is Out (successful, or in progress on a non-blocking socket), accept is In; loopback
 * is skipped (and counted) unless asked for. The socket's fd (connect's a0, accept's return
 * value) names its protocol and local side through <root>/proc/<pid>/fd (a real link only) and
 * /proc/<pid>/net while the process is still there. */
#ifndef SA_AUDIT_CONNECTION_PARSER_H
#define SA_AUDIT_CONNECTION_PARSER_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "audit_record_parser.h"
#include "os_source.h"

/* A ConnectionCreate item; the texts point into the records or the parser's scratch. */
typedef struct connection_item {
    uint8_t remote[16];
    size_t remote_size; /* 4 or 16 */
    uint32_t remote_port;
    int inbound;          /* Direction In (accept) or Out (connect) */
    const char *protocol; /* "tcp" or "udp" */
    uint32_t pid;
    const char *executable;
    size_t executable_length;
    int has_local;
    uint8_t local[16];
    size_t local_size;
    uint32_t local_port;
    const char *user_id; /* NULL: absent */
    size_t user_id_length;
    const char *command_line; /* NULL: absent */
    size_t command_line_length;
} connection_item_t;

typedef struct audit_connection_parser {
    const os_source_t *os;     /* not owned */
    sa_allocator_t *allocator; /* not owned */
    int include_loopback;
    uint64_t loopback;         /* events skipped as loopback */
    char *scratch;             /* owned: decoded executable and command line */
    size_t scratch_capacity;
} audit_connection_parser_t;

/* audit_connection_parser_init - a parser over os; release with audit_connection_parser_release. */
void audit_connection_parser_init(audit_connection_parser_t *parser, const os_source_t *os, sa_allocator_t *allocator,
                                  int include_loopback);

/* audit_connection_parse - the item of the event's count records: 1 and *item (valid until the
 * next call), 0 when it is not a reportable connection, -1 when memory was refused. */
int audit_connection_parse(audit_connection_parser_t *parser, const audit_record_t *records, size_t count,
                           connection_item_t *item);

void audit_connection_parser_release(audit_connection_parser_t *parser);

#endif
