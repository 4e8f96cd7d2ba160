/* name_index.c - the open-addressing hash index of names (see name_index.h). */
#include "name_index.h"

#include <string.h>

static uint32_t hash_of(const char *name, size_t length)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < length; i++)
        h = (h ^ (uint8_t)name[i]) * 16777619u;
    return h;
}

void name_index_init(name_index_t *index, sa_allocator_t *allocator)
{
    memset(index, 0, sizeof *index);
    index->allocator = allocator;
}

void name_index_release(name_index_t *index)
{
    alloc_free(index->allocator, index->slots);
    index->slots = NULL;
    index->capacity = index->count = 0;
}

static name_slot_t *slot_of(const name_index_t *index, const char *base, const char *name, size_t length, uint32_t hash)
{
    uint32_t mask = index->capacity - 1;
    for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
        name_slot_t *slot = &index->slots[i];
        if (!slot->used || (slot->hash == hash && slot->length == length
                            && (length == 0 || memcmp(base + slot->offset, name, length) == 0)))
            return slot;
    }
}

uint32_t name_index_find(const name_index_t *index, const char *base, const char *name, size_t length)
{
    if (index->capacity == 0)
        return NAME_INDEX_NONE;
    const name_slot_t *slot = slot_of(index, base, name, length, hash_of(name, length));
    return slot->used ? slot->value : NAME_INDEX_NONE;
}

static int grow(name_index_t *index)
{
    uint32_t capacity = index->capacity == 0 ? 16 : index->capacity * 2;
    if (capacity == 0 || capacity > (1u << 30))
        return -1;
    name_slot_t *slots = alloc_calloc(index->allocator, capacity, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (uint32_t i = 0; i < index->capacity; i++) {
        const name_slot_t *old = &index->slots[i];
        if (!old->used)
            continue;
        uint32_t j = old->hash & (capacity - 1);
        while (slots[j].used)
            j = (j + 1) & (capacity - 1);
        slots[j] = *old;
    }
    alloc_free(index->allocator, index->slots);
    index->slots = slots;
    index->capacity = capacity;
    return 0;
}

int name_index_put(name_index_t *index, const char *base, uint32_t offset, uint32_t length, uint32_t value)
{
    /* at most half full, so that a probe always ends on a free slot */
    if ((index->count + 1) * 2 > index->capacity && grow(index) != 0)
        return -1;
    uint32_t hash = hash_of(base + offset, length);
    name_slot_t *slot = slot_of(index, base, base + offset, length, hash);
    if (!slot->used) {
        slot->used = 1;
        slot->offset = offset;
        slot->length = length;
        slot->hash = hash;
        index->count++;
    }
    slot->value = value;
    return 0;
}
