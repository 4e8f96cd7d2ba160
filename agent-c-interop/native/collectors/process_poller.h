/* process_poller.h - the fallback source of ProcessCreate, as the C# agent's ProcessPoller: list
 * /proc at every poll and report the processes that appeared (with an executable) and those
 * that went (ExitStatus -1). The first listing is the baseline (no events). Processes shorter
 * than the interval are not seen. */
#ifndef SA_PROCESS_POLLER_H
#define SA_PROCESS_POLLER_H

#include "process_tracker.h"

typedef struct process_poller {
    sa_collector_t *collector; /* not owned */
    user_directory_t *users;   /* not owned */
    process_info_t *info;      /* scratch, not owned */
    char *command_line;        /* scratch, not owned */
    pid_table_t seen;          /* pid -> executable; parent holds the listing order */
    pid_table_t now;
    uint32_t *order;           /* the pids of seen in listing order; owned */
    size_t order_count, order_capacity;
    uint32_t *next_order;      /* owned */
    size_t next_count, next_capacity;
    sa_status_t status;
} process_poller_t;

void process_poller_init(process_poller_t *poller, sa_collector_t *collector, process_tracker_t *scratch);
void process_poller_release(process_poller_t *poller);
/* process_poller_poll - one listing: submits the changes since the last one (none the first
 * time, baseline 1). */
sa_status_t process_poller_poll(process_poller_t *poller, int baseline);

#endif
