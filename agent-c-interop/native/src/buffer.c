/* buffer.c - growable byte buffer (see buffer.h). */
#include "buffer.h"

#include <string.h>

void buffer_init(sa_buffer_t *buffer, sa_allocator_t *allocator)
{
    buffer->allocator = allocator;
    buffer->data = NULL;
    buffer->length = 0;
    buffer->capacity = 0;
    buffer->failed = 0;
}

void buffer_release(sa_buffer_t *buffer)
{
    alloc_free(buffer->allocator, buffer->data);
    buffer->data = NULL;
    buffer->length = 0;
    buffer->capacity = 0;
    buffer->failed = 0;
}

void buffer_clear(sa_buffer_t *buffer)
{
    buffer->length = 0;
    buffer->failed = 0;
}

int buffer_reserve(sa_buffer_t *buffer, size_t more)
{
    if (buffer->failed)
        return 0;
    if (more >= SIZE_MAX / 2 - buffer->length) {
        buffer->failed = 1;
        return 0;
    }
    size_t needed = buffer->length + more + 1;
    if (needed <= buffer->capacity)
        return 1;
    size_t capacity = buffer->capacity < 64 ? 64 : buffer->capacity;
    while (capacity < needed)
        capacity *= 2;
    char *data = alloc_malloc(buffer->allocator, capacity);
    if (data == NULL) {
        buffer->failed = 1;
        return 0;
    }
    if (buffer->length > 0)
        memcpy(data, buffer->data, buffer->length);
    alloc_free(buffer->allocator, buffer->data);
    buffer->data = data;
    buffer->capacity = capacity;
    return 1;
}

void buffer_append(sa_buffer_t *buffer, const void *bytes, size_t length)
{
    if (length == 0 || !buffer_reserve(buffer, length))
        return;
    memcpy(buffer->data + buffer->length, bytes, length);
    buffer->length += length;
}

void buffer_append_str(sa_buffer_t *buffer, const char *text)
{
    buffer_append(buffer, text, strlen(text));
}

void buffer_append_char(sa_buffer_t *buffer, char c)
{
    if (!buffer_reserve(buffer, 1))
        return;
    buffer->data[buffer->length++] = c;
}

void buffer_append_uint(sa_buffer_t *buffer, uint64_t value)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n] = (char)('0' + value % 10);
        value /= 10;
        n++;
    } while (value != 0);
    buffer_append(buffer, digits + sizeof digits - n, n);
}

void buffer_append_int(sa_buffer_t *buffer, int64_t value)
{
    if (value < 0) {
        buffer_append_char(buffer, '-');
        /* negate in unsigned arithmetic: INT64_MIN has no positive int64 twin */
        buffer_append_uint(buffer, (uint64_t)0 - (uint64_t)value);
    } else {
        buffer_append_uint(buffer, (uint64_t)value);
    }
}

void buffer_terminate(sa_buffer_t *buffer)
{
    if (buffer_reserve(buffer, 0))
        buffer->data[buffer->length] = '\0';
}
