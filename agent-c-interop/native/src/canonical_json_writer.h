/* canonical_json_writer.h - canonical JSON (schemas/CANONICAL.md): escaping, timestamps,
 * events. */
#ifndef SA_CANONICAL_JSON_WRITER_H
#define SA_CANONICAL_JSON_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "buffer.h"
#include "event.h"

/* The latest time an event may carry: 9999-12-31T23:59:59.999Z. */
#define SA_MAX_TIME_MS INT64_C(253402300799999)

/* canonical_json_write_string - a JSON string of valid UTF-8 text, quotes included: `"` and `\`
 * escaped, \b \t \n \f \r, other controls as \u00xx (lower-case hex), the rest raw. */
void canonical_json_write_string(sa_buffer_t *out, const char *text, size_t length);

/* canonical_json_write_utc - "2024-03-05T09:15:02.123Z" (no quotes). */
void canonical_json_write_utc(sa_buffer_t *out, int64_t time_ms);
/* canonical_json_write_local - "2024-03-05T10:15:02.123+01:00" (no quotes). */
void canonical_json_write_local(sa_buffer_t *out, int64_t time_ms, int offset_minutes);

/* canonical_json_write_item - one payload item of an event. */
void canonical_json_write_item(sa_buffer_t *out, const sa_event_t *event, size_t index);

/*
 * canonical_json_write_event - the event with items [first, first + count), the given id
 * (36 characters), time and UTC offset; Category from event->category. Returns the offset of
 * the id in out.
 */
size_t canonical_json_write_event(sa_buffer_t *out, const sa_event_t *event, size_t first, size_t count,
                                const char *id, int64_t time_ms, int offset_minutes);

#endif
