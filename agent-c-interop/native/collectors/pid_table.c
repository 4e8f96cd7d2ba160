/* pid_table.c - pid -> (parent, executable) (see pid_table.h). */
#include "pid_table.h"

#include <string.h>

static size_t slot_of(const pid_table_t *table, uint32_t pid)
{
    return (size_t)((pid * 2654435761u) & (uint32_t)(table->capacity - 1));
}

void pid_table_init(pid_table_t *table, sa_allocator_t *allocator, size_t limit)
{
    memset(table, 0, sizeof *table);
    table->allocator = allocator;
    table->limit = limit;
}

void pid_table_release(pid_table_t *table)
{
    for (size_t i = 0; i < table->capacity; i++)
        alloc_free(table->allocator, table->slots[i].executable);
    alloc_free(table->allocator, table->slots);
    table->slots = NULL;
    table->capacity = table->count = 0;
}

pid_entry_t *pid_table_find(const pid_table_t *table, uint32_t pid)
{
    if (table->capacity == 0 || pid == 0)
        return NULL;
    for (size_t i = slot_of(table, pid);; i = (i + 1) & (table->capacity - 1)) {
        if (table->slots[i].pid == pid)
            return &table->slots[i];
        if (table->slots[i].pid == 0)
            return NULL;
    }
}

static int grow(pid_table_t *table)
{
    size_t capacity = table->capacity == 0 ? 64 : table->capacity * 2;
    pid_entry_t *slots = alloc_calloc(table->allocator, capacity, sizeof *slots);
    if (slots == NULL)
        return -1;
    pid_entry_t *old = table->slots;
    size_t old_capacity = table->capacity;
    table->slots = slots;
    table->capacity = capacity;
    for (size_t i = 0; i < old_capacity; i++) {
        if (old[i].pid == 0)
            continue;
        size_t j = slot_of(table, old[i].pid);
        while (slots[j].pid != 0)
            j = (j + 1) & (capacity - 1);
        slots[j] = old[i];
    }
    alloc_free(table->allocator, old);
    return 0;
}

int pid_table_put(pid_table_t *table, uint32_t pid, uint32_t parent, const char *executable, size_t length)
{
    if (pid == 0)
        return 1;
    pid_entry_t *entry = pid_table_find(table, pid);
    if (entry == NULL && table->count >= table->limit)
        return 1;
    char *copy = NULL;
    if (executable != NULL) {
        copy = alloc_malloc(table->allocator, length + 1);
        if (copy == NULL)
            return -1;
        memcpy(copy, executable, length);
        copy[length] = 0;
    }
    if (entry == NULL) {
        if ((table->count + 1) * 2 > table->capacity && grow(table) != 0) {
            alloc_free(table->allocator, copy);
            return -1;
        }
        size_t i = slot_of(table, pid);
        while (table->slots[i].pid != 0)
            i = (i + 1) & (table->capacity - 1);
        entry = &table->slots[i];
        entry->pid = pid;
        table->count++;
    } else {
        alloc_free(table->allocator, entry->executable);
    }
    entry->parent = parent;
    entry->executable = copy;
    entry->executable_length = (uint32_t)length;
    return 0;
}

int pid_table_remove(pid_table_t *table, uint32_t pid, char **executable, size_t *length)
{
    pid_entry_t *entry = pid_table_find(table, pid);
    if (entry == NULL)
        return 0;
    if (executable != NULL) {
        *executable = entry->executable;
        *length = entry->executable_length;
    } else {
        alloc_free(table->allocator, entry->executable);
    }
    size_t mask = table->capacity - 1, hole = (size_t)(entry - table->slots);
    /* backward shift: move later members of the probe run into the hole */
    for (size_t i = (hole + 1) & mask; table->slots[i].pid != 0; i = (i + 1) & mask) {
        size_t home = slot_of(table, table->slots[i].pid);
        if (((i - home) & mask) >= ((i - hole) & mask)) {
            table->slots[hole] = table->slots[i];
            hole = i;
        }
    }
    memset(&table->slots[hole], 0, sizeof table->slots[hole]);
    table->count--;
    return 1;
}
