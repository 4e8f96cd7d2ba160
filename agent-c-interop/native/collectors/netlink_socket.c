/* netlink_socket.c - a bound netlink socket (see netlink_socket.h). */
#define _GNU_SOURCE
#include "netlink_socket.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int netlink_socket_open(int type, int protocol, uint32_t groups, int receive_buffer)
{
    int fd = socket(AF_NETLINK, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0)
        return -errno;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &receive_buffer, sizeof receive_buffer) != 0)
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    struct sockaddr_nl local = { .nl_family = AF_NETLINK, .nl_groups = groups };
    if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0) {
        int error = -errno;
        close(fd);
        return error;
    }
    return fd;
}

int netlink_socket_attach_filter(int fd, const struct sock_filter *program, size_t length)
{
    if (length == 0) {
        int unused = 0;
        if (setsockopt(fd, SOL_SOCKET, SO_DETACH_FILTER, &unused, sizeof unused) == 0 || errno == ENOENT)
            return 0; /* ENOENT: there was none */
        return -errno;
    }
    struct sock_fprog filter = { .len = (unsigned short)length, .filter = (struct sock_filter *)program };
    return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &filter, sizeof filter) == 0 ? 0 : -errno;
}

ssize_t netlink_socket_receive(int fd, void *buffer, size_t capacity, int timeout_ms)
{
    for (;;) {
        ssize_t n = recv(fd, buffer, capacity, MSG_DONTWAIT);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return -errno;
        if (timeout_ms <= 0)
            return 0;
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int ready = poll(&p, 1, timeout_ms);
        if (ready < 0 && errno != EINTR)
            return -errno;
        if (ready == 0)
            return 0;
        timeout_ms = ready < 0 ? timeout_ms : 0;
    }
}

#define MAX_SLOTS 16

int netlink_socket_receive_many(int fd, void *buffer, size_t slot_size, size_t slots, ssize_t *lengths)
{
    struct mmsghdr messages[MAX_SLOTS];
    struct iovec vectors[MAX_SLOTS];
    if (slots > MAX_SLOTS)
        slots = MAX_SLOTS;
    memset(messages, 0, slots * sizeof messages[0]);
    for (size_t i = 0; i < slots; i++) {
        vectors[i].iov_base = (uint8_t *)buffer + i * slot_size;
        vectors[i].iov_len = slot_size;
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
    }
    for (;;) {
        int n = recvmmsg(fd, messages, (unsigned)slots, MSG_DONTWAIT, NULL);
        if (n >= 0) {
            for (int i = 0; i < n; i++)
                lengths[i] = (messages[i].msg_hdr.msg_flags & MSG_TRUNC) != 0 ? -EMSGSIZE
                                                                             : (ssize_t)messages[i].msg_len;
            return n;
        }
        if (errno == EINTR)
            continue;
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
    }
}
