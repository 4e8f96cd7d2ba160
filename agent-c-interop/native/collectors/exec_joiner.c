/* exec_joiner.c - proc connector execs joined to audit execs (see exec_joiner.h). The C# joiner
 * keeps a queue of every exec that waited (sent ones left in until they reach its head); here a
 * slot leaves the wait order as soon as it is sent, which sends the same things in the same
 * order with memory bounded by what waits. */
#include "exec_joiner.h"

#include <string.h>

static void set_init(exec_joiner_set_t *set)
{
    memset(set, 0, sizeof *set);
    set->free_head = set->oldest = set->newest = -1;
    for (size_t i = 0; i < EXEC_JOINER_BUCKETS; i++)
        set->buckets[i] = -1;
}

static size_t bucket_of(uint32_t pid)
{
    return (size_t)((pid * UINT32_C(2654435761)) >> 22) & (EXEC_JOINER_BUCKETS - 1);
}

/* A free slot, the slots grown by doubling up to limit; -1 when memory failed. */
static int32_t set_allocate(exec_joiner_set_t *set, sa_allocator_t *allocator, size_t limit)
{
    if (set->free_head < 0) {
        size_t grown = set->allocated == 0 ? 64 : (size_t)set->allocated * 2;
        if (grown > limit)
            grown = limit;
        if (grown <= (size_t)set->allocated)
            return -1;
        exec_joiner_slot_t *slots = alloc_calloc(allocator, grown, sizeof *slots);
        if (slots == NULL)
            return -1;
        if (set->allocated > 0)
            memcpy(slots, set->slots, (size_t)set->allocated * sizeof *slots);
        alloc_free(allocator, set->slots);
        set->slots = slots;
        for (size_t i = grown; i-- > (size_t)set->allocated;) {
            slots[i].bucket_next = set->free_head;
            set->free_head = (int32_t)i;
        }
        set->allocated = (int32_t)grown;
    }
    int32_t index = set->free_head;
    set->free_head = set->slots[index].bucket_next;
    memset(&set->slots[index], 0, sizeof set->slots[index]);
    return index;
}

/* Appends slot index (pid set) to the wait order and to its bucket, both newest last. */
static void set_link(exec_joiner_set_t *set, int32_t index)
{
    exec_joiner_slot_t *slot = &set->slots[index];
    int32_t *link = &set->buckets[bucket_of(slot->pid)];
    while (*link >= 0)
        link = &set->slots[*link].bucket_next;
    *link = index;
    slot->bucket_next = -1;
    slot->older = set->newest;
    slot->newer = -1;
    if (set->newest >= 0)
        set->slots[set->newest].newer = index;
    else
        set->oldest = index;
    set->newest = index;
    set->count++;
}

/* The oldest (first) or newest (last) waiting slot of pid, or -1. */
static int32_t set_find(const exec_joiner_set_t *set, uint32_t pid, int last)
{
    int32_t found = -1;
    for (int32_t i = set->buckets[bucket_of(pid)]; i >= 0; i = set->slots[i].bucket_next) {
        if (set->slots[i].pid == pid) {
            found = i;
            if (!last)
                break;
        }
    }
    return found;
}

/* Takes the first waiting slot of pid out (every wait is taken first to first); returns a copy. */
static exec_joiner_slot_t set_take(exec_joiner_set_t *set, uint32_t pid)
{
    int32_t *link = &set->buckets[bucket_of(pid)];
    while (set->slots[*link].pid != pid)
        link = &set->slots[*link].bucket_next;
    int32_t index = *link;
    exec_joiner_slot_t slot = set->slots[index];
    *link = slot.bucket_next;
    if (slot.older >= 0)
        set->slots[slot.older].newer = slot.newer;
    else
        set->oldest = slot.newer;
    if (slot.newer >= 0)
        set->slots[slot.newer].older = slot.older;
    else
        set->newest = slot.older;
    memset(&set->slots[index], 0, sizeof set->slots[index]);
    set->slots[index].bucket_next = set->free_head;
    set->free_head = index;
    set->count--;
    return slot;
}

static void keep(exec_joiner_t *joiner, sa_status_t status)
{
    collector_keep_first(&joiner->status, status);
}

void exec_joiner_init(exec_joiner_t *joiner, process_tracker_t *tracker, sa_allocator_t *allocator, int64_t wait_ms,
                      size_t capacity)
{
    memset(joiner, 0, sizeof *joiner);
    joiner->tracker = tracker;
    joiner->allocator = allocator;
    joiner->wait_ms = wait_ms;
    joiner->capacity = capacity < 1 ? 1 : capacity;
    joiner->audit_flowing = 1;
    set_init(&joiner->execs);
    set_init(&joiner->audits);
}

void exec_joiner_release(exec_joiner_t *joiner)
{
    if (joiner->allocator == NULL)
        return;
    while (joiner->audits.oldest >= 0) {
        exec_joiner_slot_t slot = set_take(&joiner->audits, joiner->audits.slots[joiner->audits.oldest].pid);
        audit_exec_release(&slot.audit, joiner->allocator);
    }
    alloc_free(joiner->allocator, joiner->execs.slots);
    alloc_free(joiner->allocator, joiner->audits.slots);
    set_init(&joiner->execs);
    set_init(&joiner->audits);
}

/* The create of a taken exec (from audit, or from /proc when audit is NULL), then its held exit. */
static void send(exec_joiner_t *joiner, const exec_joiner_slot_t *exec, const audit_exec_t *audit)
{
    keep(joiner, audit != NULL ? process_tracker_create_from_audit(joiner->tracker, audit, exec->received_ms)
                               : process_tracker_create_from_proc(joiner->tracker, exec->pid, exec->has_exit,
                                                                  exec->received_ms));
    if (exec->has_exit)
        keep(joiner, process_tracker_terminate(joiner->tracker, exec->pid, exec->exit_status, exec->exited_ms));
}

static void send_oldest_unjoined(exec_joiner_t *joiner)
{
    exec_joiner_slot_t slot = set_take(&joiner->execs, joiner->execs.slots[joiner->execs.oldest].pid);
    joiner->unjoined++;
    send(joiner, &slot, NULL);
}

static void drop_oldest_audit(exec_joiner_t *joiner)
{
    exec_joiner_slot_t slot = set_take(&joiner->audits, joiner->audits.slots[joiner->audits.oldest].pid);
    audit_exec_release(&slot.audit, joiner->allocator);
    joiner->unmatched++;
}

static void add_exec(exec_joiner_t *joiner, uint32_t pid, int64_t now_ms)
{
    int32_t index = set_allocate(&joiner->execs, joiner->allocator, joiner->capacity + 1);
    if (index < 0) {
        /* no room to wait: sent from /proc at once, as without audit */
        keep(joiner, SA_ERR_NO_MEMORY);
        joiner->unjoined++;
        keep(joiner, process_tracker_create_from_proc(joiner->tracker, pid, 0, now_ms));
        return;
    }
    exec_joiner_slot_t *slot = &joiner->execs.slots[index];
    slot->pid = pid;
    slot->received_ms = now_ms;
    slot->audits_seen = joiner->audits_seen;
    set_link(&joiner->execs, index);
    while (joiner->execs.count > joiner->capacity)
        send_oldest_unjoined(joiner);
}

void exec_joiner_on_proc_event(exec_joiner_t *joiner, const proc_event_t *event, int64_t now_ms)
{
    uint32_t pid = event->tgid;
    if (event->pid != event->tgid)
        return;
    if (event->kind == PROC_EVENT_EXEC) {
        if (set_find(&joiner->audits, pid, 0) >= 0) {
            exec_joiner_slot_t slot = set_take(&joiner->audits, pid);
            joiner->joined++;
            keep(joiner, process_tracker_create_from_audit(joiner->tracker, &slot.audit, now_ms));
            audit_exec_release(&slot.audit, joiner->allocator);
        } else if (!joiner->audit_flowing) {
            keep(joiner, process_tracker_create_from_proc(joiner->tracker, pid, 0, now_ms));
        } else {
            add_exec(joiner, pid, now_ms);
        }
        return;
    }
    if (event->kind == PROC_EVENT_EXIT) {
        int32_t waiting = set_find(&joiner->execs, pid, 1);
        if (waiting >= 0) {
            exec_joiner_slot_t *last = &joiner->execs.slots[waiting];
            if (!last->has_exit) {
                last->has_exit = 1;
                last->exit_status = event->status;
                last->exited_ms = now_ms;
            } else {
                keep(joiner, process_tracker_terminate(joiner->tracker, pid, event->status, now_ms));
            }
            return;
        }
    }
    keep(joiner, process_tracker_apply_at(joiner->tracker, event, now_ms));
}

void exec_joiner_on_audit(exec_joiner_t *joiner, audit_exec_t *exec, int64_t now_ms)
{
    joiner->audits_seen++;
    joiner->audit_flowing = 1;
    if (set_find(&joiner->execs, exec->pid, 0) >= 0) {
        exec_joiner_slot_t slot = set_take(&joiner->execs, exec->pid);
        joiner->joined++;
        send(joiner, &slot, exec);
        audit_exec_release(exec, joiner->allocator);
        return;
    }
    int32_t index = set_allocate(&joiner->audits, joiner->allocator, joiner->capacity + 1);
    if (index < 0) {
        keep(joiner, SA_ERR_NO_MEMORY);
        joiner->unmatched++;
        audit_exec_release(exec, joiner->allocator);
        return;
    }
    exec_joiner_slot_t *slot = &joiner->audits.slots[index];
    slot->pid = exec->pid;
    slot->received_ms = now_ms;
    slot->audit = *exec;
    memset(exec, 0, sizeof *exec);
    set_link(&joiner->audits, index);
    while (joiner->audits.count > joiner->capacity)
        drop_oldest_audit(joiner);
}

void exec_joiner_expire(exec_joiner_t *joiner, int64_t now_ms)
{
    exec_joiner_set_t *execs = &joiner->execs, *audits = &joiner->audits;
    while (execs->oldest >= 0 && now_ms - execs->slots[execs->oldest].received_ms >= joiner->wait_ms) {
        if (execs->slots[execs->oldest].audits_seen == joiner->audits_seen)
            joiner->audit_flowing = 0;
        send_oldest_unjoined(joiner);
    }
    while (audits->oldest >= 0 && now_ms - audits->slots[audits->oldest].received_ms >= joiner->wait_ms)
        drop_oldest_audit(joiner);
}

void exec_joiner_flush(exec_joiner_t *joiner)
{
    while (joiner->execs.oldest >= 0)
        send_oldest_unjoined(joiner);
    while (joiner->audits.oldest >= 0)
        drop_oldest_audit(joiner);
}
