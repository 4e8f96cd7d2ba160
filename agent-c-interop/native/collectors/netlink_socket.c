/* netlink_socket.c - a bound netlink socket (see netlink_socket.h). */
#define _GNU_SOURCE
#include "netlink_socket.h"

#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
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
