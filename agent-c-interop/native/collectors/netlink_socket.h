/* netlink_socket.h - opening a netlink socket the way the kernel-event collectors listen: non-
 * blocking, close-on-exec, a large receive buffer, bound to multicast groups.
 *
 * See also: audit_socket.h (NETLINK_AUDIT), proc_connector_socket.h (NETLINK_CONNECTOR). */
#ifndef SA_NETLINK_SOCKET_H
#define SA_NETLINK_SOCKET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* netlink_socket_open - socket(AF_NETLINK, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol) with a
 * receive buffer of receive_buffer bytes (SO_RCVBUFFORCE, which needs CAP_NET_ADMIN, else
 * SO_RCVBUF, which the kernel caps at rmem_max: a smaller buffer is no failure), bound to the
 * multicast groups (0: none). The fd, or -errno (nothing left open). */
int netlink_socket_open(int type, int protocol, uint32_t groups, int receive_buffer);

/* netlink_socket_receive - one datagram into buffer, waiting at most timeout_ms (0: only what
 * is queued). Its length; 0 when none came; -errno on failure (-ENOBUFS: the receive buffer
 * overflowed and datagrams were lost). */
ssize_t netlink_socket_receive(int fd, void *buffer, size_t capacity, int timeout_ms);

#endif
