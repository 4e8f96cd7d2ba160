/* alloc.c - the counting allocator (see alloc.h). */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Each block starts with a header that keeps its size, padded to keep the user part aligned. */
typedef union header {
    size_t size;
    max_align_t align;
} header_t;

void *alloc_malloc(sa_allocator_t *allocator, size_t n)
{
    if (n == 0 || n > SIZE_MAX - sizeof(header_t))
        return NULL;
    if (allocator->fail_after > 0 && --allocator->fail_after == 0)
        return NULL;
    size_t total = n + sizeof(header_t);
    if (allocator->limit != 0 && (allocator->bytes > allocator->limit || total > allocator->limit - allocator->bytes))
        return NULL;
    header_t *h = malloc(total);
    if (h == NULL)
        return NULL;
    h->size = n;
    allocator->bytes += total;
    if (allocator->bytes > allocator->peak)
        allocator->peak = allocator->bytes;
    return h + 1;
}

void *alloc_calloc(sa_allocator_t *allocator, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *p = alloc_malloc(allocator, count * size);
    if (p != NULL)
        memset(p, 0, count * size);
    return p;
}

void alloc_free(sa_allocator_t *allocator, void *p)
{
    if (p == NULL)
        return;
    header_t *h = (header_t *)p - 1;
    allocator->bytes -= h->size + sizeof(header_t);
    free(h);
}

size_t alloc_size(const void *p)
{
    return ((const header_t *)p - 1)->size;
}
