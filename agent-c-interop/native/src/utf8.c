/* utf8.c - UTF-8 repair and truncation (see utf8.h). */
#include "utf8.h"

#include <stdint.h>

/*
 * The length of the valid sequence at text[i], or 0 if invalid; *consumed receives how many
 * bytes form the maximal invalid subpart in that case (at least 1).
 */
static size_t sequence_length(const unsigned char *s, size_t i, size_t n, size_t *consumed)
{
    unsigned char b = s[i];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF) {
        need = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 3;
        if (b == 0xE0)
            lo = 0xA0;
        else if (b == 0xED)
            hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 4;
        if (b == 0xF0)
            lo = 0x90;
        else if (b == 0xF4)
            hi = 0x8F;
    } else {
        *consumed = 1;
        return 0;
    }
    size_t k = 1;
    for (; k < need; k++) {
        if (i + k >= n) {
            *consumed = k;
            return 0;
        }
        unsigned char c = s[i + k];
        unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
        if (c < min || c > max) {
            *consumed = k;
            return 0;
        }
    }
    return need;
}

int utf8_is_valid(const char *text, size_t length)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, consumed;
    while (i < length) {
        size_t n = sequence_length(s, i, length, &consumed);
        if (n == 0)
            return 0;
        i += n;
    }
    return 1;
}

static const char replacement[3] = {(char)0xEF, (char)0xBF, (char)0xBD};
static const char ellipsis[3] = {(char)0xE2, (char)0x80, (char)0xA6};

void utf8_append_repaired(sa_buffer_t *out, const char *text, size_t length, size_t limit)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t start = out->length;
    size_t written = 0;   /* bytes of output so far */
    size_t fits_mark = 0; /* longest output prefix on a code-point boundary that leaves room for U+2026 */
    size_t room_mark = limit - 3;
    size_t i = 0, consumed = 0;
    while (i < length) {
        size_t before = written;
        size_t n = sequence_length(s, i, length, &consumed);
        if (n == 1) {
            /* a run of ASCII, every byte a code point, copied in one go (at most to the limit) */
            size_t end = i + 1;
            while (end < length && s[end] < 0x80)
                end++;
            size_t run = end - i;
            if (run > limit - written + 1)
                run = limit - written + 1; /* one byte over the limit is enough to know we cut */
            buffer_append(out, s + i, run);
            i += run;
            written += run;
            if (before <= room_mark)
                fits_mark = written < room_mark ? written : room_mark;
        } else if (n == 0) {
            buffer_append(out, replacement, 3);
            i += consumed;
            written += 3;
        } else {
            buffer_append(out, s + i, n);
            i += n;
            written += n;
        }
        if (written > limit) {
            out->length = out->failed ? out->length : start + fits_mark;
            buffer_append(out, ellipsis, 3);
            return;
        }
        if (n != 1 && written <= room_mark)
            fits_mark = written;
    }
}
