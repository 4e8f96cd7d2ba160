/* netlink_socket.c - a bound netlink socket (see netlink_socket.h). */
#define _GNU_SOURCE
#include "netlink_socket.h"

#include <errno.h>
#include <linux/netlink.h>
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
