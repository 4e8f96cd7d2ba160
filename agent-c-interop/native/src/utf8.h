/* utf8.h - UTF-8 repair and truncation, as schemas/CANONICAL.md states them. */
#ifndef SA_UTF8_H
#define SA_UTF8_H

#include <stddef.h>

#include "buffer.h"

/* utf8_is_valid - 1 if the bytes are well-formed UTF-8 (no surrogates, no overlongs). */
int utf8_is_valid(const char *text, size_t length);

/*
 * utf8_append_repaired - appends `text` to `out` with each maximal invalid subpart replaced by
 * U+FFFD (what .NET's UTF8Encoding does), then truncated to at most `limit` bytes: the longest
 * prefix of whole code points that leaves room for U+2026, which is appended. limit must be
 * at least 3.
 */
void utf8_append_repaired(sa_buffer_t *out, const char *text, size_t length, size_t limit);

#endif
