/* inet_diag_parser.h - NETLINK_SOCK_DIAG dump replies, as the C# agent's InetDiagParser reads
 * them: SOCK_DIAG_BY_FAMILY messages each holding an inet_diag_msg (family, state; ports
 * big-endian, addresses 16 bytes; uid, inode), ended by NLMSG_DONE. Little-endian hosts. */
#ifndef SA_INET_DIAG_PARSER_H
#define SA_INET_DIAG_PARSER_H

#include <stddef.h>
#include <stdint.h>

#define INET_DIAG_REQUEST_LENGTH 72

/* One TCP socket of a dump. */
typedef struct inet_diag_socket {
    int state; /* 1 established, 10 listen, ... */
    uint8_t local[16];
    uint8_t remote[16];
    size_t size; /* 4 or 16 */
    uint32_t local_port, remote_port;
    uint32_t uid;
    uint64_t inode;
} inet_diag_socket_t;

/* inet_diag_parse - the messages of one datagram (or of several concatenated): calls visit for
 * each socket (a non-zero return stops: out of memory), counts truncated or unknown messages in
 * *malformed. Returns 1 when the dump is complete (NLMSG_DONE or an error message), else 0. */
int inet_diag_parse(const uint8_t *datagram, size_t length, int (*visit)(const inet_diag_socket_t *s, void *argument),
                    void *argument, uint64_t *malformed);

/* inet_diag_write_request - a dump request for TCP sockets of family in the states of
 * state_mask into buffer[INET_DIAG_REQUEST_LENGTH]. */
void inet_diag_write_request(uint8_t *buffer, uint8_t family, uint32_t state_mask, uint32_t seq);

#endif
