/* outbox.h - the persistent outbox (docs/outbox.md): one file per message in one folder,
 * written temp + fsync + rename + folder fsync, checked with CRC-32 on start and on read,
 * bounded by a budget in message bytes with the oldest Low messages evicted first. The same
 * format as the C# agent's, so the two agents' outboxes are interchangeable.
 * One thread at a time per outbox. */
#ifndef SA_OUTBOX_H
#define SA_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "outbox_record.h"

#define OUTBOX_MIN_BUDGET 262144u

typedef struct outbox outbox_t;

typedef enum outbox_status {
    OUTBOX_OK = 0,
    OUTBOX_TOO_LARGE = 1,    /* larger than the whole budget: refused, nothing evicted */
    OUTBOX_WRITE_FAILED = 2, /* the write failed (ENOSPC, EIO...): no file left, counted */
    OUTBOX_NO_MEMORY = 3,
    OUTBOX_EMPTY = 4,        /* outbox_next: nothing after that sequence */
    OUTBOX_BAD_ARGUMENT = 5
} outbox_status_t;

/* Counters since open (CorruptRecords, EvictedLow, EvictedHigh, WriteFailures as in C#). */
typedef struct outbox_statistics {
    uint64_t corrupt_records;
    uint64_t evicted_low;
    uint64_t evicted_high;
    uint64_t write_failures;
    uint64_t stored_messages; /* now */
    uint64_t stored_bytes;    /* now, message bytes (headers not counted) */
} outbox_statistics_t;

/* A record read back for sending. body is heap memory owned by the entry: outbox_entry_release. */
typedef struct outbox_entry {
    uint64_t sequence;
    uint8_t priority;
    char message_id[OUTBOX_MESSAGE_ID_SIZE + 1];
    char *body;
    size_t length;
} outbox_entry_t;

/*
 * outbox_open - opens (creating, mode 0700) the folder at path with a budget of max_bytes
 * message bytes (at least OUTBOX_MIN_BUDGET). Deletes stale .tmp files, checks every record
 * (a bad one is deleted and counted), evicts down to the budget. Returns OUTBOX_OK and *out,
 * or an error with the reason in error (capacity bytes).
 */
outbox_status_t outbox_open(const char *path, uint64_t max_bytes, outbox_t **out, char *error, size_t capacity);
/* outbox_close - closes the folder and frees the outbox; NULL is a no-op. Records stay on disk. */
void outbox_close(outbox_t *outbox);
/*
 * outbox_append - stores one message (priority OUTBOX_PRIORITY_HIGH or _LOW, message_id a
 * 36-character ASCII id) durably, evicting the oldest Low then High records to make room.
 * *sequence (may be NULL) receives its sequence. On OUTBOX_WRITE_FAILED the reason is in
 * outbox_last_error.
 */
outbox_status_t outbox_append(outbox_t *outbox, uint8_t priority, const char *message_id, const void *body, size_t length,
                              uint64_t *sequence);
/*
 * outbox_next - reads the oldest record with a sequence above `after` (0: the oldest), checking
 * it again; a record that fails is deleted, counted and skipped. OUTBOX_EMPTY when none.
 * The caller releases *entry with outbox_entry_release.
 */
outbox_status_t outbox_next(outbox_t *outbox, uint64_t after, outbox_entry_t *entry);
/* outbox_entry_release - frees the entry's body; the entry may be reused. */
void outbox_entry_release(outbox_entry_t *entry);
/* outbox_remove - deletes the record (after its PUBACK); an unknown sequence is a no-op. */
void outbox_remove(outbox_t *outbox, uint64_t sequence);
/* outbox_get_statistics - the counters and what is stored now. */
void outbox_get_statistics(const outbox_t *outbox, outbox_statistics_t *statistics);
/* outbox_last_error - the text of the last failure ("" if none); valid until the next call. */
const char *outbox_last_error(const outbox_t *outbox);

#endif
