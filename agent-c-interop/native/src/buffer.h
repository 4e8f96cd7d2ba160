/* buffer.h - a growable byte buffer on an agent's allocator with a sticky failure flag, so
 * that a writer can append freely and check once at the end. */
#ifndef SA_BUFFER_H
#define SA_BUFFER_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

typedef struct sa_buffer {
    sa_allocator_t *allocator;
    char *data;
    size_t length;
    size_t capacity;
    int failed; /* an allocation failed: content is incomplete */
} sa_buffer_t;

void buffer_init(sa_buffer_t *buffer, sa_allocator_t *allocator);
void buffer_release(sa_buffer_t *buffer);
/* buffer_clear - length 0 and failure forgotten; capacity kept. */
void buffer_clear(sa_buffer_t *buffer);
/* buffer_reserve - room for `more` bytes plus a NUL; returns 0 and sets failed on failure. */
int buffer_reserve(sa_buffer_t *buffer, size_t more);
void buffer_append(sa_buffer_t *buffer, const void *bytes, size_t length);
void buffer_append_str(sa_buffer_t *buffer, const char *text);
void buffer_append_char(sa_buffer_t *buffer, char c);
void buffer_append_int(sa_buffer_t *buffer, int64_t value);
void buffer_append_uint(sa_buffer_t *buffer, uint64_t value);
/* buffer_terminate - writes a NUL after the content (not counted in length). */
void buffer_terminate(sa_buffer_t *buffer);

#endif
