/* sock_diag_poller.c - inet_diag snapshots diffed (see sock_diag_poller.h). */
#define _GNU_SOURCE
#include "sock_diag_poller.h"

#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "socket_address.h"
#include "socket_owners.h"

#ifndef NETLINK_SOCK_DIAG
#define NETLINK_SOCK_DIAG 4
#endif
#define ESTABLISHED 1
#define LISTEN 10

void sock_diag_poller_init(sock_diag_poller_t *poller, const os_source_t *os, sa_allocator_t *allocator,
                           int include_loopback)
{
    memset(poller, 0, sizeof *poller);
    poller->os = os;
    poller->allocator = allocator;
    poller->include_loopback = include_loopback;
}

void sock_diag_poller_release(sock_diag_poller_t *poller)
{
    alloc_free(poller->allocator, poller->sockets);
    alloc_free(poller->allocator, poller->seen);
    poller->sockets = NULL;
    poller->seen = NULL;
    poller->count = poller->capacity = poller->seen_count = 0;
}

static int keep_socket(const inet_diag_socket_t *s, void *argument)
{
    sock_diag_poller_t *poller = argument;
    if (poller->count == poller->capacity) {
        size_t capacity = poller->capacity == 0 ? 32 : poller->capacity * 2;
        inet_diag_socket_t *grown = alloc_malloc(poller->allocator, capacity * sizeof *grown);
        if (grown == NULL) {
            poller->failed = 1;
            return 1;
        }
        if (poller->count > 0)
            memcpy(grown, poller->sockets, poller->count * sizeof *grown);
        alloc_free(poller->allocator, poller->sockets);
        poller->sockets = grown;
        poller->capacity = capacity;
    }
    poller->sockets[poller->count++] = *s;
    return 0;
}

int sock_diag_poller_add(sock_diag_poller_t *poller, const uint8_t *bytes, size_t length)
{
    (void)inet_diag_parse(bytes, length, keep_socket, poller, &poller->malformed);
    return poller->failed ? -ENOMEM : 0;
}

int sock_diag_poller_dump(sock_diag_poller_t *poller)
{
    static const uint8_t families[] = { 2, 10 };
    uint8_t request[INET_DIAG_REQUEST_LENGTH];
    uint8_t *buffer = NULL;
    int status = 0;
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    poller->count = 0;
    poller->failed = 0;
    if (fd < 0)
        return -errno;
    int size = 1 << 20;
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    buffer = alloc_malloc(poller->allocator, 32 << 10);
    if (buffer == NULL) {
        status = -ENOMEM;
        goto cleanup;
    }
    for (size_t f = 0; f < sizeof families; f++) {
        struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
        inet_diag_write_request(request, families[f], (1u << ESTABLISHED) | (1u << LISTEN), ++poller->seq);
        if (sendto(fd, request, sizeof request, 0, (struct sockaddr *)&kernel, sizeof kernel) != (ssize_t)sizeof request) {
            status = -EPROTO;
            goto cleanup;
        }
        int done = 0;
        for (int idle = 0; !done && idle < 10;) {
            struct pollfd p = { .fd = fd, .events = POLLIN };
            ssize_t n = poll(&p, 1, 1000) > 0 ? recv(fd, buffer, 32 << 10, MSG_DONTWAIT) : 0;
            if (n <= 0) {
                idle++;
                continue;
            }
            done = inet_diag_parse(buffer, (size_t)n, keep_socket, poller, &poller->malformed);
            if (poller->failed) {
                status = -ENOMEM;
                goto cleanup;
            }
        }
    }
cleanup:
    alloc_free(poller->allocator, buffer);
    close(fd);
    return status;
}

static int compare_keys(const void *a, const void *b)
{
    const sock_diag_key_t *x = a, *y = b;
    if (x->inode != y->inode)
        return x->inode < y->inode ? -1 : 1;
    return x->local_port < y->local_port ? -1 : x->local_port > y->local_port;
}

static int is_listening(const sock_diag_poller_t *poller, uint32_t port)
{
    for (size_t i = 0; i < poller->count; i++)
        if (poller->sockets[i].state == LISTEN && poller->sockets[i].local_port == port)
            return 1;
    return 0;
}

/* Calls fresh for the new established sockets; owners found for all of them at once. */
static int report_fresh(sock_diag_poller_t *poller, sock_diag_fresh_t fresh, void *argument)
{
    size_t *index = NULL;
    uint64_t *inodes = NULL;
    uint32_t *owners = NULL;
    process_info_t *info = NULL;
    char *command_line = NULL;
    size_t n = 0;
    int status = 0;
    index = alloc_malloc(poller->allocator, poller->count * sizeof *index);
    inodes = alloc_malloc(poller->allocator, poller->count * sizeof *inodes);
    owners = alloc_malloc(poller->allocator, poller->count * sizeof *owners);
    if (index == NULL || inodes == NULL || owners == NULL) {
        status = -ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < poller->count; i++) {
        const inet_diag_socket_t *s = &poller->sockets[i];
        sock_diag_key_t key = { s->inode, s->local_port };
        if (s->state != ESTABLISHED
            || (poller->seen_count > 0 && bsearch(&key, poller->seen, poller->seen_count, sizeof key, compare_keys) != NULL)
            || (!poller->include_loopback && socket_address_is_loopback(s->remote, s->size)))
            continue;
        index[n] = i;
        inodes[n++] = s->inode;
    }
    if (n == 0)
        goto cleanup;
    info = alloc_malloc(poller->allocator, sizeof *info);
    command_line = alloc_malloc(poller->allocator, PROC_COMMAND_LINE_MAX);
    if (info == NULL || command_line == NULL) {
        status = -ENOMEM;
        goto cleanup;
    }
    socket_owners_find(poller->os, inodes, owners, n);
    for (size_t k = 0; k < n && status == 0; k++) {
        const inet_diag_socket_t *s = &poller->sockets[index[k]];
        int known = owners[k] != 0 && proc_read(poller->os, owners[k], info, command_line);
        status = fresh(s, is_listening(poller, s->local_port), owners[k], known ? info : NULL, argument);
    }
cleanup:
    alloc_free(poller->allocator, command_line);
    alloc_free(poller->allocator, info);
    alloc_free(poller->allocator, owners);
    alloc_free(poller->allocator, inodes);
    alloc_free(poller->allocator, index);
    return status;
}

int sock_diag_poller_diff(sock_diag_poller_t *poller, sock_diag_fresh_t fresh, void *argument)
{
    int status = 0;
    sock_diag_key_t *now = NULL;
    size_t now_count = 0;
    if (poller->count > 0) {
        now = alloc_malloc(poller->allocator, poller->count * sizeof *now);
        if (now == NULL) {
            status = -ENOMEM;
            goto cleanup;
        }
    }
    for (size_t i = 0; i < poller->count; i++)
        if (poller->sockets[i].state == ESTABLISHED) {
            now[now_count].inode = poller->sockets[i].inode;
            now[now_count++].local_port = poller->sockets[i].local_port;
        }
    if (now_count > 1)
        qsort(now, now_count, sizeof *now, compare_keys);
    if (poller->has_seen && poller->count > 0)
        status = report_fresh(poller, fresh, argument);
    alloc_free(poller->allocator, poller->seen);
    poller->seen = now;
    poller->seen_count = now_count;
    poller->has_seen = 1;
    now = NULL;
cleanup:
    alloc_free(poller->allocator, now);
    poller->count = 0;
    poller->failed = 0;
    return status;
}
