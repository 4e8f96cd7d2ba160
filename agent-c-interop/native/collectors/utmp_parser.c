/* utmp_parser.c - struct utmp records of wtmp and btmp (UtmpParser). */
#include "utmp_parser.h"

#include <string.h>

#define MAX_TYPE 9 /* ACCOUNTING, the highest ut_type defined */

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The bytes of a fixed-size text field up to its first NUL. */
static size_t text_length(const uint8_t *field, size_t size)
{
    const uint8_t *end = memchr(field, 0, size);
    return end == NULL ? size : (size_t)(end - field);
}

static int all_zero(const uint8_t *bytes, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (bytes[i] != 0)
            return 0;
    return 1;
}

size_t utmp_parse(const uint8_t *data, size_t length, void (*visit)(const utmp_record_t *record, void *argument),
                  void *argument, uint64_t *malformed)
{
    size_t consumed = 0;
    while (length - consumed >= UTMP_RECORD_LENGTH) {
        const uint8_t *r = data + consumed;
        consumed += UTMP_RECORD_LENGTH;
        int type = (int16_t)(uint16_t)(r[0] | r[1] << 8);
        if (type < 0 || type > MAX_TYPE) {
            (*malformed)++;
            continue;
        }
        utmp_record_t record;
        record.type = type;
        record.pid = le32(r + 4);
        record.line = (const char *)r + 8;
        record.line_length = text_length(r + 8, 32);
        record.user = (const char *)r + 44;
        record.user_length = text_length(r + 44, 32);
        record.host = (const char *)r + 76;
        record.host_length = text_length(r + 76, 256);
        /* glibc stores an IPv4 address in the first word and leaves the other three zero */
        record.address_size = all_zero(r + 348, 16) ? 0 : all_zero(r + 352, 12) ? 4 : 16;
        memcpy(record.address, r + 348, 16);
        /* ut_tv: seconds as unsigned (dates past 2038), microseconds clamped to 0..999999 and
         * cut to milliseconds as the message's timestamps are */
        int32_t micros = (int32_t)le32(r + 344);
        micros = micros < 0 ? 0 : micros > 999999 ? 999999 : micros;
        record.time_ms = (int64_t)le32(r + 340) * 1000 + micros / 1000;
        visit(&record, argument);
    }
    return consumed;
}
