/* audit_socket.c - the audit netlink socket (see audit_socket.h). */
#define _GNU_SOURCE
#include "audit_socket.h"

#include <errno.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "audit_messages.h"
#include "netlink_socket.h"

#ifndef NETLINK_AUDIT
#define NETLINK_AUDIT 9
#endif

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

int audit_socket_open(uint32_t groups, int receive_buffer)
{
    return netlink_socket_open(SOCK_RAW, NETLINK_AUDIT, groups, receive_buffer);
}

int audit_socket_send(int fd, const uint8_t *message, size_t length)
{
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    for (;;) {
        ssize_t n = sendto(fd, message, length, 0, (struct sockaddr *)&kernel, sizeof kernel);
        if (n == (ssize_t)length)
            return 0;
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 ? -errno : -EIO;
    }
}

ssize_t audit_socket_receive(int fd, uint8_t *buffer, size_t capacity, int timeout_ms)
{
    return netlink_socket_receive(fd, buffer, capacity, timeout_ms);
}

void audit_socket_close(int fd)
{
    if (fd >= 0)
        close(fd);
}

int audit_socket_get_status(int fd, uint32_t seq, audit_status_t *status)
{
    uint8_t request[AUDIT_GET_LENGTH], buffer[8192];
    audit_message_get(request, seq);
    int sent = audit_socket_send(fd, request, sizeof request);
    if (sent != 0)
        return sent;
    for (int attempt = 0; attempt < 10; attempt++) {
        ssize_t n = audit_socket_receive(fd, buffer, sizeof buffer, 1000);
        if (n < 16)
            continue;
        uint16_t type = get16(buffer + 4);
        if (type == AUDIT_MESSAGE_NLMSG_ERROR && n >= 20 && get32(buffer + 16) != 0)
            return (int)(int32_t)get32(buffer + 16); /* the kernel's -errno */
        if (type == AUDIT_MESSAGE_GET && n >= 48) {
            status->enabled = get32(buffer + 16 + 4);
            status->pid = get32(buffer + 16 + 12);
            status->backlog_limit = get32(buffer + 16 + 20);
            status->lost = get32(buffer + 16 + 24);
            return 0;
        }
    }
    return -ETIMEDOUT;
}

int audit_socket_ack(int fd)
{
    uint8_t buffer[8192];
    for (int attempt = 0; attempt < 10; attempt++) {
        ssize_t n = audit_socket_receive(fd, buffer, sizeof buffer, 1000);
        if (n >= 20 && get16(buffer + 4) == AUDIT_MESSAGE_NLMSG_ERROR)
            return (int)-(int64_t)(int32_t)get32(buffer + 16);
    }
    return -1;
}

int audit_datagram_walk(const uint8_t *data, size_t length, const audit_datagram_visitor_t *visitor, void *argument)
{
    while (length >= 16) {
        size_t message = get32(data);
        uint16_t type = get16(data + 4);
        if (message < 16 || message > length)
            return 1;
        if (type == AUDIT_MESSAGE_GET && message - 16 >= 32) {
            if (visitor->status != NULL)
                visitor->status(get32(data + 16 + 24), argument);
        } else if (type == AUDIT_MESSAGE_NLMSG_ERROR && message >= 20) {
            if (visitor->reply != NULL) {
                /* struct nlmsgerr: the errno, then the header of the request it answers */
                uint32_t seq = message >= 36 ? get32(data + 20 + 8) : 0;
                visitor->reply(seq, (int)-(int64_t)(int32_t)get32(data + 16), argument);
            }
        } else if (type >= 1100) {
            /* nlmsg_len counts the text alone: the record is the rest of the datagram */
            message = length;
            if (visitor->record != NULL)
                visitor->record(type, (const char *)data + 16, length - 16, argument);
        }
        size_t aligned = (message + 3) & ~(size_t)3;
        if (aligned >= length)
            return 0;
        data += aligned;
        length -= aligned;
    }
    return 0;
}
