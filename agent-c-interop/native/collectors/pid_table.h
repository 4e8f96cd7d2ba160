/* pid_table.h - pid -> (parent, executable) on an agent's allocator: open addressing with
 * linear probing and backward-shift deletion, grown by doubling up to a fixed number of
 * entries (the process tracker's bound: the default pid_max). Pid 0 is not stored. */
#ifndef SA_PID_TABLE_H
#define SA_PID_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

typedef struct pid_entry {
    uint32_t pid;        /* 0: free slot */
    uint32_t parent;     /* or, for the poller, an index */
    char *executable;    /* owned; NULL when unknown */
    uint32_t executable_length;
} pid_entry_t;

typedef struct pid_table {
    sa_allocator_t *allocator;
    pid_entry_t *slots;
    size_t capacity; /* a power of two, or 0 */
    size_t count;
    size_t limit;    /* most entries */
} pid_table_t;

void pid_table_init(pid_table_t *table, sa_allocator_t *allocator, size_t limit);
/* pid_table_release - frees every entry and the slots. */
void pid_table_release(pid_table_t *table);
/* pid_table_find - the entry of pid, or NULL. */
pid_entry_t *pid_table_find(const pid_table_t *table, uint32_t pid);
/* pid_table_put - sets pid's entry (copying executable; NULL for none). Returns 0; 1 when the
 * table is full and pid is not in it (nothing stored); -1 when out of memory. */
int pid_table_put(pid_table_t *table, uint32_t pid, uint32_t parent, const char *executable, size_t length);
/* pid_table_remove - removes pid; the caller takes its executable (free with alloc_free) when
 * executable is not NULL, else it is freed. Returns 1 when pid was there. */
int pid_table_remove(pid_table_t *table, uint32_t pid, char **executable, size_t *length);

#endif
