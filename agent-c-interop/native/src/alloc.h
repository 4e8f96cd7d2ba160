/* alloc.h - the one allocator of an agent: counts the bytes it hands out, enforces an
 * optional limit, and lets tests make the n-th allocation fail. */
#ifndef SA_ALLOC_H
#define SA_ALLOC_H

#include <stddef.h>

typedef struct sa_allocator {
    size_t bytes;      /* held now, headers included */
    size_t peak;       /* most ever held */
    size_t limit;      /* 0: none */
    size_t fail_after; /* tests: 0 = never; n = the n-th allocation from now fails */
} sa_allocator_t;

/* alloc_malloc - n bytes (n > 0) or NULL when malloc fails, the limit is hit, or a test
 * asked for a failure. */
void *alloc_malloc(sa_allocator_t *allocator, size_t n);
/* alloc_calloc - zeroed count*size bytes; NULL also on overflow. */
void *alloc_calloc(sa_allocator_t *allocator, size_t count, size_t size);
/* alloc_free - frees what alloc_malloc/alloc_calloc returned; NULL is a no-op. */
void alloc_free(sa_allocator_t *allocator, void *p);
/* alloc_size - the usable size of a block. */
size_t alloc_size(const void *p);

#endif
