/* utmp_tail.c - one login accounting file followed by offset (UtmpTail). */
#include "utmp_tail.h"

/* The file's length, 0 when it is missing or cannot be examined (FileInfo.Length). */
static uint64_t length_of(const os_source_t *os, const char *relative)
{
    uint64_t bytes = 0;
    return os->ops->size(os, relative, &bytes) == 0 ? bytes : 0;
}

void utmp_tail_init(utmp_tail_t *tail, const os_source_t *os, const char *relative, int from_start)
{
    tail->relative = relative;
    tail->malformed = 0;
    tail->offset = from_start ? 0 : length_of(os, relative) / UTMP_RECORD_LENGTH * UTMP_RECORD_LENGTH;
}

typedef struct counting {
    void (*visit)(const utmp_record_t *record, void *argument);
    void *argument;
    size_t count;
} counting_t;

static void count_one(const utmp_record_t *record, void *argument)
{
    counting_t *counting = argument;
    counting->count++;
    counting->visit(record, counting->argument);
}

size_t utmp_tail_read(utmp_tail_t *tail, const os_source_t *os, uint8_t *buffer, size_t capacity,
                      void (*visit)(const utmp_record_t *record, void *argument), void *argument)
{
    counting_t counting = { visit, argument, 0 };
    uint64_t length = length_of(os, tail->relative);
    if (length < tail->offset)
        tail->offset = 0;
    if (length - tail->offset < UTMP_RECORD_LENGTH)
        return 0;
    /* The C# agent reads min(length - offset, the limit) bytes at once and parses the whole
     * records of what it got; reading the same span in pieces of whole records gives the same
     * records and leaves the same offset. */
    uint64_t wanted = length - tail->offset < UTMP_TAIL_MAX_READ ? length - tail->offset : UTMP_TAIL_MAX_READ;
    size_t piece = capacity / UTMP_RECORD_LENGTH * UTMP_RECORD_LENGTH;
    uint64_t done = 0;
    while (done < wanted && piece > 0) {
        size_t ask = wanted - done < piece ? (size_t)(wanted - done) : piece;
        ssize_t n = os->ops->read_at(os, tail->relative, tail->offset, (char *)buffer, ask);
        if (n <= 0)
            break;
        size_t consumed = utmp_parse(buffer, (size_t)n, count_one, &counting, &tail->malformed);
        tail->offset += consumed;
        done += (size_t)n;
        if ((size_t)n < ask)
            break; /* the file ended sooner than its length said: it is being rewritten */
    }
    return counting.count;
}
