/* proc_connector_socket.h - the live proc connector: a non-blocking NETLINK_CONNECTOR socket
 * bound to CN_IDX_PROC, subscribed with PROC_CN_MCAST_LISTEN. Needs CAP_NET_ADMIN. */
#ifndef SA_PROC_CONNECTOR_SOCKET_H
#define SA_PROC_CONNECTOR_SOCKET_H

#include <stddef.h>
#include <sys/types.h>

/* proc_connector_open - the socket (receive buffer of receive_buffer bytes, forced when
 * privileged), subscribed; the descriptor, or -errno. */
int proc_connector_open(int receive_buffer);

/* proc_connector_receive - one datagram without waiting: its length, 0 when none is waiting,
 * -ENOBUFS when the kernel dropped events (the buffer overflowed), another -errno on failure. */
ssize_t proc_connector_receive(int fd, void *buffer, size_t capacity);

/* proc_connector_close - unsubscribes and closes; -1 is a no-op. */
void proc_connector_close(int fd);

#endif
