/* proc_connector_socket.c - the live proc connector (see proc_connector_socket.h). */
#define _GNU_SOURCE
#include "proc_connector_socket.h"

#include <errno.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netlink_filter.h"
#include "netlink_socket.h"
#include "proc_connector_parser.h"

#ifndef NETLINK_CONNECTOR
#define NETLINK_CONNECTOR 11
#endif
#define CN_IDX_PROC 1u

static int subscribe(int fd, int listen)
{
    uint8_t request[PROC_CONNECTOR_LISTEN_LENGTH];
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    proc_connector_listen_request(request, listen, (uint32_t)getpid());
    ssize_t n = sendto(fd, request, sizeof request, 0, (struct sockaddr *)&kernel, sizeof kernel);
    return n == (ssize_t)sizeof request ? 0 : -errno;
}

int proc_connector_open(int receive_buffer)
{
    int fd = netlink_socket_open(SOCK_DGRAM, NETLINK_CONNECTOR, CN_IDX_PROC, receive_buffer);
    if (fd < 0)
        return fd;
    /* Threads, comm changes and the like never reach the socket. Without the filter (which
     * every kernel since 2.2 takes) the parser skips them: a failure here costs CPU, not events. */
    struct sock_filter program[NETLINK_FILTER_MAX_INSTRUCTIONS];
    (void)netlink_socket_attach_filter(fd, program, netlink_filter_process_events(program, NETLINK_FILTER_MAX_INSTRUCTIONS));
    int status = subscribe(fd, 1);
    if (status != 0) {
        close(fd);
        return status;
    }
    return fd;
}

int proc_connector_receive_many(int fd, void *buffer, size_t slot_size, size_t slots, ssize_t *lengths)
{
    return netlink_socket_receive_many(fd, buffer, slot_size, slots, lengths);
}

void proc_connector_close(int fd)
{
    if (fd < 0)
        return;
    (void)subscribe(fd, 0);
    close(fd);
}
