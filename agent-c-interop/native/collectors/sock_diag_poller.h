/* sock_diag_poller.h - the fallback source of ConnectionCreate, as the C# agent's
 * SockDiagPoller: inet_diag snapshots of established and listening TCP sockets (IPv4 and IPv6),
 * each diffed against the one before; an established socket not seen before (by inode and local
 * port) is a new connection, In when its local port is listening, Out otherwise. The first
 * snapshot is the baseline. Connections shorter than the interval are missed, and the owning
 * process is named only while it holds the socket. Not thread-safe. */
#ifndef SA_SOCK_DIAG_POLLER_H
#define SA_SOCK_DIAG_POLLER_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "inet_diag_parser.h"
#include "os_source.h"
#include "proc_file_system.h"

/* fresh - one new connection: its socket, In or Out, the owner's pid (0: not found) and what
 * /proc says of it (NULL: no owner, or gone). Returns non-zero to stop (an error). */
typedef int (*sock_diag_fresh_t)(const inet_diag_socket_t *s, int inbound, uint32_t pid, const process_info_t *info,
                                 void *argument);

typedef struct sock_diag_key {
    uint64_t inode;
    uint32_t local_port;
} sock_diag_key_t;

typedef struct sock_diag_poller {
    const os_source_t *os;     /* not owned */
    sa_allocator_t *allocator; /* not owned */
    int include_loopback;
    uint64_t malformed;        /* dump messages that could not be parsed */
    uint32_t seq;
    inet_diag_socket_t *sockets; /* owned: the snapshot being taken */
    size_t count, capacity;
    int failed;                /* memory refused while taking the snapshot */
    sock_diag_key_t *seen;     /* owned, sorted: the last snapshot's established sockets */
    size_t seen_count;
    int has_seen;
} sock_diag_poller_t;

void sock_diag_poller_init(sock_diag_poller_t *poller, const os_source_t *os, sa_allocator_t *allocator,
                           int include_loopback);

/* sock_diag_poller_dump - takes a snapshot from the kernel (replacing the one being taken).
 * 0; -errno when sock_diag netlink was refused (-EPROTO: the request was refused); -ENOMEM. */
int sock_diag_poller_dump(sock_diag_poller_t *poller);

/* sock_diag_poller_add - adds the sockets of recorded dump replies to the snapshot being taken
 * (malformed messages counted). 0, or -ENOMEM. */
int sock_diag_poller_add(sock_diag_poller_t *poller, const uint8_t *bytes, size_t length);

/* sock_diag_poller_diff - diffs the snapshot taken against the last one, calls fresh for each
 * new connection (none for the first snapshot), then keeps it as the last and starts an empty
 * one. 0, -ENOMEM, or what fresh returned. */
int sock_diag_poller_diff(sock_diag_poller_t *poller, sock_diag_fresh_t fresh, void *argument);

void sock_diag_poller_release(sock_diag_poller_t *poller);

#endif
