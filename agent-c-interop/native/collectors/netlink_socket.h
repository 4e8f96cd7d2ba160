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

/* netlink_socket_receive_many - up to slots queued datagrams in one recvmmsg(2), without
 * waiting: datagram i into buffer + i * slot_size, its length in lengths[i] (-EMSGSIZE when it
 * did not fit its slot and was cut). One system call for a burst instead of one per datagram:
 * under an exec storm the audit records alone are seven datagrams per exec. The count; 0 when
 * none was queued; -errno on failure (-ENOBUFS: the receive buffer overflowed). */
int netlink_socket_receive_many(int fd, void *buffer, size_t slot_size, size_t slots, ssize_t *lengths);

/* netlink_socket_attach_filter - replaces the socket's in-kernel filter (SO_ATTACH_FILTER)
 * with the classic BPF program of length instructions (netlink_filter.h); length 0 removes it
 * (every datagram passes). 0, or -errno (the socket keeps its previous filter). */
struct sock_filter;
int netlink_socket_attach_filter(int fd, const struct sock_filter *program, size_t length);

#endif
