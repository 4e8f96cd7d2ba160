/* utmp_tail.h - follows one login accounting file under the collector's root, as the C# agent's
 * UtmpTail: each read returns the whole records appended since the last one. Starts at the end
 * of the file (history is not reported) unless told to start at its beginning; a file that
 * shrank was rotated or truncated and is read again from its start; a partial last record waits
 * for the next read; at most UTMP_TAIL_MAX_READ bytes are taken per read (the rest next time). */
#ifndef SA_UTMP_TAIL_H
#define SA_UTMP_TAIL_H

#include <stddef.h>
#include <stdint.h>

#include "os_source.h"
#include "utmp_parser.h"

#define UTMP_TAIL_MAX_READ ((uint64_t)UTMP_RECORD_LENGTH * 4096)

typedef struct utmp_tail {
    const char *relative; /* e.g. "var/log/wtmp"; not owned (a literal) */
    uint64_t offset;      /* of the next record to read; a multiple of UTMP_RECORD_LENGTH */
    uint64_t malformed;   /* records skipped so far */
} utmp_tail_t;

/* utmp_tail_init - follows <root>/<relative> from its current end (a missing or unreadable file:
 * from 0), or from its start when from_start. */
void utmp_tail_init(utmp_tail_t *tail, const os_source_t *os, const char *relative, int from_start);

/* utmp_tail_read - parses the records appended since the last read, calling visit for each (see
 * utmp_parse), through buffer (scratch of capacity bytes, at least UTMP_RECORD_LENGTH: the file
 * is read in pieces of whole records). A missing or unreadable file gives nothing and keeps the
 * offset. Returns the records visited. */
size_t utmp_tail_read(utmp_tail_t *tail, const os_source_t *os, uint8_t *buffer, size_t capacity,
                      void (*visit)(const utmp_record_t *record, void *argument), void *argument);

#endif
