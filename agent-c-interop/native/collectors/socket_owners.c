/* socket_owners.c - socket inode owners from /proc/<pid>/fd (see socket_owners.h). */
#define _GNU_SOURCE
#include "socket_owners.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "proc_file_system.h"
#include "text_scan.h"

#define LINK_MAX_TEXT 64

typedef struct owners_run {
    const os_source_t *os;
    const uint64_t *inodes;
    uint32_t *owners;
    size_t count;
    size_t left; /* inodes without an owner yet */
    uint32_t pid;
    int stop_pid;
} owners_run_t;

static int visit_fd(const char *name, void *argument)
{
    owners_run_t *run = argument;
    char path[64], target[LINK_MAX_TEXT];
    snprintf(path, sizeof path, "proc/%u/fd/%.16s", (unsigned)run->pid, name);
    ssize_t n = os_source_link_text(run->os, path, target, sizeof target, 1);
    if (n == -ENODATA)
        return 0;
    if (n < 0) {
        run->stop_pid = 1; /* the C# agent's IOException: this process is left */
        return 1;
    }
    uint64_t inode;
    if (n < 9 || memcmp(target, "socket:[", 8) != 0 || target[n - 1] != ']'
        || !text_parse_decimal(target + 8, (size_t)n - 9, UINT64_MAX, &inode))
        return 0;
    for (size_t i = 0; i < run->count; i++)
        if (run->inodes[i] == inode && run->owners[i] == 0) {
            run->owners[i] = run->pid;
            run->left--;
        }
    return 0;
}

static int visit_pid(uint32_t pid, void *argument)
{
    owners_run_t *run = argument;
    char path[32];
    snprintf(path, sizeof path, "proc/%u/fd", (unsigned)pid);
    run->pid = pid;
    run->stop_pid = 0;
    (void)run->os->ops->list(run->os, path, visit_fd, run);
    return 0;
}

void socket_owners_find(const os_source_t *os, const uint64_t *inodes, uint32_t *owners, size_t count)
{
    owners_run_t run = { os, inodes, owners, count, count, 0, 0 };
    memset(owners, 0, count * sizeof *owners);
    if (count == 0)
        return;
    (void)proc_list(os, visit_pid, &run);
}
