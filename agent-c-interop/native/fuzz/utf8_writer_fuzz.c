/* utf8_writer_fuzz.c - libFuzzer target: any bytes through UTF-8 repair, truncation and
 * escaping; the output must be valid UTF-8 within the limit, and repair must be idempotent. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "canonical_json_writer.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sa_allocator_t allocator = {0, 0, 0, 0};
    sa_buffer_t repaired, again, escaped;
    size_t limit = size > 0 ? 3 + data[0] % 64 : 16;
    buffer_init(&repaired, &allocator);
    buffer_init(&again, &allocator);
    buffer_init(&escaped, &allocator);
    utf8_append_repaired(&repaired, (const char *)data, size, limit);
    if (repaired.failed || repaired.length > limit || !utf8_is_valid(repaired.data, repaired.length))
        abort();
    utf8_append_repaired(&again, repaired.data, repaired.length, limit);
    if (again.length != repaired.length || (again.length > 0 && memcmp(again.data, repaired.data, again.length) != 0))
        abort();
    canonical_json_write_string(&escaped, repaired.data, repaired.length);
    if (escaped.failed || !utf8_is_valid(escaped.data, escaped.length))
        abort();
    for (size_t i = 0; i < escaped.length; i++)
        if ((unsigned char)escaped.data[i] < 0x20)
            abort();
    buffer_release(&repaired);
    buffer_release(&again);
    buffer_release(&escaped);
    if (allocator.bytes != 0)
        abort();
    return 0;
}
