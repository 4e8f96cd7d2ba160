/* audit_event_assembler.c - audit records grouped into events (see audit_event_assembler.h). */
#include "audit_event_assembler.h"

#include <string.h>

#include "text_scan.h"

#define ORDER_CAPACITY (sizeof ((audit_event_assembler_t *)0)->order / sizeof(uint64_t))

void audit_event_assembler_init(audit_event_assembler_t *assembler, sa_allocator_t *allocator,
                                audit_event_complete_t complete, void *argument)
{
    memset(assembler, 0, sizeof *assembler);
    assembler->allocator = allocator;
    assembler->complete = complete;
    assembler->argument = argument;
}

static ptrdiff_t find(const audit_event_assembler_t *assembler, uint64_t serial)
{
    for (size_t i = 0; i < assembler->open_count; i++)
        if (assembler->open[i].serial == serial)
            return (ptrdiff_t)i;
    return -1;
}

static void free_event(sa_allocator_t *allocator, audit_open_event_t *event)
{
    for (size_t i = 0; i < event->count; i++)
        alloc_free(allocator, (void *)event->records[i].fields);
    alloc_free(allocator, event->records);
}

/* Takes the open event at index out of the table, hands it over, frees it. */
static void complete_at(audit_event_assembler_t *assembler, size_t index)
{
    audit_open_event_t event = assembler->open[index];
    assembler->open[index] = assembler->open[--assembler->open_count];
    if (event.count > 0)
        assembler->complete(event.records, event.count, assembler->argument);
    free_event(assembler->allocator, &event);
}

static int dequeue(audit_event_assembler_t *assembler, uint64_t *serial)
{
    if (assembler->order_count == 0)
        return 0;
    *serial = assembler->order[assembler->order_head];
    assembler->order_head = (assembler->order_head + 1) % ORDER_CAPACITY;
    assembler->order_count--;
    return 1;
}

/* Keeps the queue entries of open events, each serial once, in order (the C# assembler's
 * compaction, which bounds the queue when many events complete at EOE). */
static void compact(audit_event_assembler_t *assembler)
{
    uint64_t kept[ORDER_CAPACITY];
    size_t count = 0;
    uint64_t serial;
    char seen[AUDIT_EVENT_MAX_PENDING + 1] = { 0 };
    while (dequeue(assembler, &serial)) {
        ptrdiff_t index = find(assembler, serial);
        if (index >= 0 && !seen[index]) {
            seen[index] = 1;
            kept[count++] = serial;
        }
    }
    memcpy(assembler->order, kept, count * sizeof kept[0]);
    assembler->order_head = 0;
    assembler->order_count = count;
}

static void enqueue(audit_event_assembler_t *assembler, uint64_t serial)
{
    if (assembler->order_count == ORDER_CAPACITY)
        compact(assembler); /* not reached: compaction at 4 * AUDIT_EVENT_MAX_PENDING keeps it below */
    assembler->order[(assembler->order_head + assembler->order_count) % ORDER_CAPACITY] = serial;
    assembler->order_count++;
}

/* Appends a copy of record to event; 0 when it was dropped. */
static int append(audit_event_assembler_t *assembler, audit_open_event_t *event, const audit_record_t *record)
{
    if (event->count == AUDIT_EVENT_MAX_RECORDS)
        return 0;
    if (event->count == event->capacity) {
        size_t capacity = event->capacity == 0 ? 4 : event->capacity * 2;
        audit_record_t *grown = alloc_malloc(assembler->allocator, capacity * sizeof *grown);
        if (grown == NULL)
            return 0;
        if (event->count > 0)
            memcpy(grown, event->records, event->count * sizeof *grown);
        alloc_free(assembler->allocator, event->records);
        event->records = grown;
        event->capacity = capacity;
    }
    char *fields = alloc_malloc(assembler->allocator, record->fields_length + 1);
    if (fields == NULL)
        return 0;
    memcpy(fields, record->fields, record->fields_length);
    fields[record->fields_length] = '\0';
    event->records[event->count] = *record;
    event->records[event->count++].fields = fields;
    return 1;
}

void audit_event_assembler_add(audit_event_assembler_t *assembler, const audit_record_t *record)
{
    if (audit_record_is_standalone(record->type)) {
        assembler->complete(record, 1, assembler->argument);
        return;
    }
    ptrdiff_t index = find(assembler, record->serial);
    if (record->type == AUDIT_RECORD_EOE) {
        if (index >= 0)
            complete_at(assembler, (size_t)index);
        return;
    }
    if (index < 0) {
        uint64_t oldest;
        audit_open_event_t *event = &assembler->open[assembler->open_count++];
        memset(event, 0, sizeof *event);
        event->serial = record->serial;
        enqueue(assembler, record->serial);
        while (assembler->open_count > AUDIT_EVENT_MAX_PENDING && dequeue(assembler, &oldest)) {
            ptrdiff_t stale = find(assembler, oldest);
            if (stale >= 0)
                complete_at(assembler, (size_t)stale);
        }
        index = find(assembler, record->serial);
    }
    if (!append(assembler, &assembler->open[index], record))
        assembler->dropped++;
    if (assembler->order_count > AUDIT_EVENT_MAX_PENDING * 4)
        compact(assembler);
}

void audit_event_assembler_flush(audit_event_assembler_t *assembler)
{
    uint64_t serial;
    while (dequeue(assembler, &serial)) {
        ptrdiff_t index = find(assembler, serial);
        if (index >= 0)
            complete_at(assembler, (size_t)index);
    }
}

uint64_t audit_event_assembler_replay_log(audit_event_assembler_t *assembler, const char *text, size_t length)
{
    size_t position = 0, start, end;
    uint64_t malformed = 0, dropped = assembler->dropped;
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        position = 3;
    while (text_next_line(text, length, &position, &start, &end, TEXT_LINES_READLINES)) {
        audit_record_t record;
        if (audit_record_parse_log_line(text + start, end - start, &record))
            audit_event_assembler_add(assembler, &record);
        else
            malformed++;
    }
    audit_event_assembler_flush(assembler);
    return malformed + (assembler->dropped - dropped);
}

void audit_event_assembler_release(audit_event_assembler_t *assembler)
{
    for (size_t i = 0; i < assembler->open_count; i++)
        free_event(assembler->allocator, &assembler->open[i]);
    assembler->open_count = 0;
    assembler->order_count = 0;
    assembler->order_head = 0;
}
