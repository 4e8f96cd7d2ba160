/* proc_connector_socket.h - the live proc connector: a non-blocking NETLINK_CONNECTOR socket
 * bound to CN_IDX_PROC, subscribed with PROC_CN_MCAST_LISTEN. Needs CAP_NET_ADMIN. */
#ifndef SA_PROC_CONNECTOR_SOCKET_H
#define SA_PROC_CONNECTOR_SOCKET_H

#include <stddef.h>
#include <sys/types.h>

/* proc_connector_open - the socket (receive buffer of receive_buffer bytes, forced when
 * privileged), filtered to the fork, exec and exit events of processes
 * (netlink_filter_process_events), subscribed; the descriptor, or -errno. */
int proc_connector_open(int receive_buffer);

/* proc_connector_receive_many - up to slots waiting datagrams in one system call, datagram i
 * into buffer + i * slot_size (netlink_socket_receive_many: lengths[i], -EMSGSIZE when cut). The
 * count, 0 when none is waiting, -ENOBUFS when the kernel dropped events, another -errno. */
int proc_connector_receive_many(int fd, void *buffer, size_t slot_size, size_t slots, ssize_t *lengths);

/* proc_connector_close - unsubscribes and closes; -1 is a no-op. */
void proc_connector_close(int fd);

#endif
