/* name_index.h - a hash index from names (byte spans kept in a caller's arena, by offset, so
 * that the arena may grow) to a 32-bit value: the firewall parsers' chain and table look-ups,
 * linear in the input however many chains a hostile ruleset declares. */
#ifndef SA_NAME_INDEX_H
#define SA_NAME_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

#define NAME_INDEX_NONE UINT32_MAX

typedef struct name_slot {
    uint32_t offset, length, hash, value;
    uint8_t used;
} name_slot_t;

typedef struct name_index {
    sa_allocator_t *allocator;
    name_slot_t *slots;
    uint32_t capacity, count;
} name_index_t;

void name_index_init(name_index_t *index, sa_allocator_t *allocator);
void name_index_release(name_index_t *index);

/* name_index_find - the value of name (bytes) whose keys lie in base, or NAME_INDEX_NONE. */
uint32_t name_index_find(const name_index_t *index, const char *base, const char *name, size_t length);

/* name_index_put - sets the value of the key base[offset, offset+length) (added or replaced).
 * 0, or -1 when memory ran out. */
int name_index_put(name_index_t *index, const char *base, uint32_t offset, uint32_t length, uint32_t value);

#endif
