/* audit_event_assembler.h - groups the records of one kernel audit event by serial and
 * completes it at EOE, or at once for a record type without EOE (user-space messages, 1100 to
 * 1299), as the C# agent's AuditEventAssembler. Bounded: the oldest incomplete event is
 * completed when more than AUDIT_EVENT_MAX_PENDING are open, so a lost EOE does not grow memory;
 * an event keeps at most AUDIT_EVENT_MAX_RECORDS records (more are dropped and counted: the C#
 * assembler has no such bound, kernel events stay far below it). Records are copied on the
 * assembler's allocator; an event is handed to the complete callback and freed right after it.
 * Not thread-safe: one reader feeds it.
 *
 * See also: audit_record_parser.h, audit_hub.h. */
#ifndef SA_AUDIT_EVENT_ASSEMBLER_H
#define SA_AUDIT_EVENT_ASSEMBLER_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "audit_record_parser.h"

#define AUDIT_EVENT_MAX_PENDING 256
#define AUDIT_EVENT_MAX_RECORDS 128

/* complete - one completed event: count >= 1 records in arrival order, valid during the call
 * only. records[0].time_ms is the event time. */
typedef void (*audit_event_complete_t)(const audit_record_t *records, size_t count, void *argument);

typedef struct audit_open_event {
    uint64_t serial;
    audit_record_t *records; /* owned, each record's fields owned */
    size_t count, capacity;
} audit_open_event_t;

typedef struct audit_event_assembler {
    sa_allocator_t *allocator; /* not owned */
    audit_event_complete_t complete;
    void *argument;
    audit_open_event_t open[AUDIT_EVENT_MAX_PENDING + 1];
    size_t open_count;
    /* the C# assembler's order queue: serials in the order their events were opened, entries of
     * events already completed left in until dequeued or compacted */
    uint64_t order[AUDIT_EVENT_MAX_PENDING * 4 + 8];
    size_t order_head, order_count;
    uint64_t dropped; /* records not kept: memory refused, or beyond AUDIT_EVENT_MAX_RECORDS */
} audit_event_assembler_t;

/* audit_event_assembler_init - an empty assembler that hands events to complete(argument). */
void audit_event_assembler_init(audit_event_assembler_t *assembler, sa_allocator_t *allocator,
                                audit_event_complete_t complete, void *argument);

/* audit_event_assembler_add - adds a copy of record; calls complete for each event it completes
 * (usually zero or one). */
void audit_event_assembler_add(audit_event_assembler_t *assembler, const audit_record_t *record);

/* audit_event_assembler_flush - completes every open event, oldest first (at the end of a
 * recorded stream, or when the live source goes quiet). */
void audit_event_assembler_flush(audit_event_assembler_t *assembler);

/* audit_event_assembler_replay_log - feeds recorded audit log text (auditd's log, one record a
 * line, cut as File.ReadLines cuts them, a leading UTF-8 byte order mark dropped as StreamReader
 * does) through the assembler as one stream, then flushes it. Returns how many lines were
 * malformed: not a record, or a record the assembler had to drop. */
uint64_t audit_event_assembler_replay_log(audit_event_assembler_t *assembler, const char *text, size_t length);

/* audit_event_assembler_release - frees the open events without completing them. */
void audit_event_assembler_release(audit_event_assembler_t *assembler);

#endif
