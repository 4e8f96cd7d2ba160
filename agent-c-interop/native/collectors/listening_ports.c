/* listening_ports.c - ListeningPortsCollector: listening TCP sockets and bound, unconnected
 * UDP sockets (state CLOSE, remote port 0) from <root>/proc/net/{tcp,tcp6,udp,udp6}, each with
 * ExtraDetails Pid and Executable of its owner when known. Reads /proc/net unprivileged; naming
 * the owners of other users' sockets needs CAP_SYS_PTRACE. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "address_text.h"
#include "collector.h"
#include "proc_file_system.h"
#include "proc_net_parser.h"
#include "socket_owners.h"

#define FILE_LIMIT (16u << 20)
#define TCP_LISTEN 0x0A
#define UDP_CLOSE 0x07

typedef struct found {
    proc_net_row_t row;
    const char *table;
} found_t;

typedef struct ports_run {
    sa_collector_t *collector;
    const char *table;
    found_t *found; /* owned, on the agent's allocator */
    size_t count, capacity;
    int failed;
} ports_run_t;

static const char *const tables[] = { "tcp", "tcp6", "udp", "udp6" };

static int keep_row(const proc_net_row_t *row, void *argument)
{
    ports_run_t *run = argument;
    int udp = run->table[0] == 'u';
    if (udp ? !(row->state == UDP_CLOSE && row->remote_port == 0) : row->state != TCP_LISTEN)
        return 0;
    if (run->count == run->capacity) {
        size_t capacity = run->capacity == 0 ? 16 : run->capacity * 2;
        found_t *grown = alloc_malloc(run->collector->allocator, capacity * sizeof *grown);
        if (grown == NULL) {
            run->failed = 1;
            return 1;
        }
        if (run->count > 0)
            memcpy(grown, run->found, run->count * sizeof *grown);
        alloc_free(run->collector->allocator, run->found);
        run->found = grown;
        run->capacity = capacity;
    }
    run->found[run->count].row = *row;
    run->found[run->count++].table = run->table;
    return 0;
}

static sa_status_t add_item(sa_collector_t *c, const found_t *f, uint32_t owner, size_t index, char *executable)
{
    char address[ADDRESS_TEXT_MAX], port[16], pid[16];
    sa_status_t status = index == 0 ? SA_OK : sa_event_add_item(c->event);
    size_t address_length = address_text_format(f->row.local, f->row.local_size, address);
    int port_length = snprintf(port, sizeof port, "%u", (unsigned)f->row.local_port);
    if (status == SA_OK)
        status = collector_set_text(c, "LocalPort", port, (size_t)port_length);
    if (status == SA_OK)
        status = collector_set_text(c, "Protocol", f->table, strlen(f->table));
    if (status == SA_OK)
        status = collector_set_text(c, "LocalAddress", address, address_length);
    if (status == SA_OK && owner != 0) {
        int pid_length = snprintf(pid, sizeof pid, "%u", (unsigned)owner);
        status = collector_set_detail(c, "Pid", pid, (size_t)pid_length);
        ssize_t n = proc_read_executable(&c->os, owner, executable);
        if (status == SA_OK && n >= 0)
            status = collector_set_detail(c, "Executable", executable, (size_t)n);
    }
    return status;
}

static sa_status_t collect(sa_collector_t *c)
{
    ports_run_t run = { .collector = c };
    uint64_t *inodes = NULL;
    uint32_t *owners = NULL;
    char *executable = NULL;
    uint64_t malformed = 0;
    sa_status_t status = SA_OK;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        char path[16], *text = NULL;
        size_t length = 0;
        snprintf(path, sizeof path, "proc/net/%s", tables[t]);
        int error = os_source_read_all(&c->os, c->allocator, path, FILE_LIMIT, &text, &length);
        if (error == -ENOENT || error == -ENOTDIR)
            continue; /* no IPv6 on this host */
        if (error != 0) {
            status = collector_fail(c, error == -ENOMEM ? SA_ERR_NO_MEMORY : SA_ERR_IO,
                                    "ListeningPorts: snapshot failed: %s: %s", path, strerror(-error));
            goto cleanup;
        }
        run.table = tables[t];
        malformed += proc_net_parse(text, length, keep_row, &run);
        alloc_free(c->allocator, text);
        if (run.failed) {
            status = collector_fail(c, SA_ERR_NO_MEMORY, "ListeningPorts: out of memory");
            goto cleanup;
        }
    }
    c->counters[SA_COLLECTOR_MALFORMED] += malformed;
    if (run.count > 0) {
        inodes = alloc_malloc(c->allocator, run.count * sizeof *inodes);
        owners = alloc_malloc(c->allocator, run.count * sizeof *owners);
        executable = alloc_malloc(c->allocator, PROC_EXECUTABLE_MAX);
        if (inodes == NULL || owners == NULL || executable == NULL) {
            status = collector_fail(c, SA_ERR_NO_MEMORY, "ListeningPorts: out of memory");
            goto cleanup;
        }
        for (size_t i = 0; i < run.count; i++)
            inodes[i] = run.found[i].row.inode;
        socket_owners_find(&c->os, inodes, owners, run.count);
    }
    status = collector_begin(c, "ListeningPorts");
    for (size_t i = 0; i < run.count && status == SA_OK; i++)
        status = add_item(c, &run.found[i], owners[i], i, executable);
    if (status == SA_OK)
        status = collector_submit(c);
cleanup:
    alloc_free(c->allocator, executable);
    alloc_free(c->allocator, owners);
    alloc_free(c->allocator, inodes);
    alloc_free(c->allocator, run.found);
    return status;
}

const collector_descriptor_t listening_ports_descriptor = {
    .name = "ListeningPorts",
    .help = "Listening TCP and bound unconnected UDP sockets with their owners (Periodic)",
    .context_size = 1,
    .periodic = 1,
    .collect = collect,
};
