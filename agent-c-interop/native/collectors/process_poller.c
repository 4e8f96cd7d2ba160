/* process_poller.c - /proc polling (see process_poller.h). */
#include "process_poller.h"

#include <string.h>

void process_poller_init(process_poller_t *poller, sa_collector_t *collector, process_tracker_t *scratch)
{
    memset(poller, 0, sizeof *poller);
    poller->collector = collector;
    poller->users = &scratch->users;
    poller->info = &scratch->info;
    poller->command_line = scratch->command_line;
    pid_table_init(&poller->seen, collector->allocator, PROCESS_TRACKER_CAPACITY);
    pid_table_init(&poller->now, collector->allocator, PROCESS_TRACKER_CAPACITY);
}

void process_poller_release(process_poller_t *poller)
{
    if (poller->collector == NULL)
        return;
    pid_table_release(&poller->seen);
    pid_table_release(&poller->now);
    alloc_free(poller->collector->allocator, poller->order);
    alloc_free(poller->collector->allocator, poller->next_order);
    poller->order = poller->next_order = NULL;
}

typedef struct poll_run {
    process_poller_t *poller;
    int baseline;
} poll_run_t;

static int push(process_poller_t *p, uint32_t pid)
{
    if (p->next_count == p->next_capacity) {
        size_t capacity = p->next_capacity == 0 ? 256 : p->next_capacity * 2;
        uint32_t *grown = alloc_malloc(p->collector->allocator, capacity * sizeof *grown);
        if (grown == NULL)
            return -1;
        if (p->next_count > 0)
            memcpy(grown, p->next_order, p->next_count * sizeof *grown);
        alloc_free(p->collector->allocator, p->next_order);
        p->next_order = grown;
        p->next_capacity = capacity;
    }
    p->next_order[p->next_count++] = pid;
    return 0;
}

static int visit(uint32_t pid, void *argument)
{
    poll_run_t *run = argument;
    process_poller_t *p = run->poller;
    process_info_t *info = p->info;
    if (!proc_read(&p->collector->os, pid, info, p->command_line))
        return 0;
    const char *executable = info->has_executable ? info->executable : PROCESS_UNKNOWN_EXECUTABLE;
    size_t length = info->has_executable ? info->executable_length : strlen(PROCESS_UNKNOWN_EXECUTABLE);
    int put = pid_table_put(&p->now, pid, 0, executable, length);
    if (put < 0 || (put == 0 && pid_table_find(&p->now, pid) != NULL && push(p, pid) < 0)) {
        p->status = SA_ERR_NO_MEMORY;
        return 1;
    }
    if (!run->baseline && pid_table_find(&p->seen, pid) == NULL && info->has_executable) {
        collector_keep_first(&p->status, process_submit_create(p->collector, p->users, pid, info, 0));
    }
    return 0;
}

sa_status_t process_poller_poll(process_poller_t *p, int baseline)
{
    poll_run_t run = { p, baseline };
    p->status = SA_OK;
    p->next_count = 0;
    (void)proc_list(&p->collector->os, visit, &run);
    if (p->status == SA_ERR_NO_MEMORY) {
        pid_table_release(&p->now);
        return SA_ERR_NO_MEMORY;
    }
    for (size_t i = 0; i < p->order_count && !baseline; i++) {
        pid_entry_t *gone = pid_table_find(&p->seen, p->order[i]);
        if (gone == NULL || pid_table_find(&p->now, p->order[i]) != NULL)
            continue;
        collector_keep_first(&p->status, process_submit_terminate(p->collector, gone->pid, gone->executable,
                                                                  gone->executable_length, -1, 0));
    }
    /* the new listing becomes the one to compare with */
    pid_table_t swap = p->seen;
    p->seen = p->now;
    p->now = swap;
    pid_table_release(&p->now);
    uint32_t *order = p->order;
    size_t capacity = p->order_capacity;
    p->order = p->next_order;
    p->order_count = p->next_count;
    p->order_capacity = p->next_capacity;
    p->next_order = order;
    p->next_capacity = capacity;
    p->next_count = 0;
    return p->status;
}
