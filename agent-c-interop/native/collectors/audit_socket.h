/* audit_socket.h - the audit netlink socket (NETLINK_AUDIT) and the walk over the messages of
 * one datagram, as the C# agent's AuditHub reads them: the kernel sends one record per datagram
 * with nlmsg_len counting the text alone, so a record is the rest of its datagram.
 *
 * See also: audit_hub.h (the socket shared by the collectors of an agent), audit_messages.h. */
#ifndef SA_AUDIT_SOCKET_H
#define SA_AUDIT_SOCKET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define AUDIT_GROUP_READLOG 1 /* AUDIT_NLGRP_READLOG: read-only multicast beside an audit daemon */

/* The audit status the collectors read (struct audit_status). */
typedef struct audit_status {
    uint32_t enabled, pid, backlog_limit, lost;
} audit_status_t;

/* audit_socket_open - a non-blocking NETLINK_AUDIT socket bound to groups (0, or
 * AUDIT_GROUP_READLOG) with a receive buffer of receive_buffer bytes. The fd, or -errno. */
int audit_socket_open(uint32_t groups, int receive_buffer);

/* audit_socket_send - sends one request to the kernel; 0 or -errno. */
int audit_socket_send(int fd, const uint8_t *message, size_t length);

/* audit_socket_receive - one datagram into buffer, waiting at most timeout_ms (0: what is
 * queued). Its length; 0 when none came; -ENOBUFS when the receive buffer overflowed (records
 * were lost); another -errno on failure. */
ssize_t audit_socket_receive(int fd, uint8_t *buffer, size_t capacity, int timeout_ms);

/* audit_socket_close - closes fd (-1: nothing). */
void audit_socket_close(int fd);

/* audit_socket_get_status - asks for the status and waits for it (up to ten datagrams of a
 * second each). 0 and *status; -EPERM (or the kernel's error) when refused; -ETIMEDOUT. */
int audit_socket_get_status(int fd, uint32_t seq, audit_status_t *status);

/* audit_socket_ack - waits for the acknowledgement of a request (up to ten datagrams): 0, the
 * kernel's positive errno, or -1 when none came. Other datagrams read meanwhile are lost. */
int audit_socket_ack(int fd);

/* What a datagram holds, handed to the visitor in order. */
typedef struct audit_datagram_visitor {
    /* status - an AUDIT_GET reply: the kernel's count of lost records. */
    void (*status)(uint32_t lost, void *argument);
    /* record - a record of type (>= 1100): its text (the rest of the datagram). */
    void (*record)(int type, const char *text, size_t length, void *argument);
    /* reply - an acknowledgement (NLMSG_ERROR): the sequence number it answers, errno (0: ok). */
    void (*reply)(uint32_t seq, int error, void *argument);
} audit_datagram_visitor_t;

/* audit_datagram_walk - the messages of one datagram; returns 1 when a header's length was
 * impossible (the rest is skipped: one malformed message), else 0. */
int audit_datagram_walk(const uint8_t *data, size_t length, const audit_datagram_visitor_t *visitor, void *argument);

#endif
