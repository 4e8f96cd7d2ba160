/* firewall_rule.c - the FirewallConfiguration rule builder and ruleset (see firewall_rule.h),
 * as the C# RuleBuilder and PortText write each field. */
#include "firewall_rule.h"

#include <stdio.h>
#include <string.h>

#include "text_scan.h"

const char *const fw_extra_names[FW_EXTRA_COUNT] = {
    "Comment", "DestinationPort", "Family", "Goto", "Hook", "InInterface", "Matches", "OutInterface", "Policy",
    "Protocol", "SourcePort", "Table", "Target", "TargetOptions", "Verdict", "SourceAddress", "DestinationAddress",
};

void fw_ruleset_init(fw_ruleset_t *set, sa_allocator_t *allocator)
{
    memset(set, 0, sizeof *set);
    set->allocator = allocator;
    buffer_init(&set->arena, allocator);
    name_index_init(&set->table_index, allocator);
    /* a data pointer from the start, so that an empty text is never an offset from NULL */
    if (!buffer_reserve(&set->arena, 256))
        set->failed = 1;
}

void fw_ruleset_release(fw_ruleset_t *set)
{
    buffer_release(&set->arena);
    alloc_free(set->allocator, set->rules);
    alloc_free(set->allocator, set->items);
    alloc_free(set->allocator, set->tables);
    name_index_release(&set->table_index);
    memset(set, 0, sizeof *set);
}

int fw_text_is(const fw_ruleset_t *set, fw_text_t text, const char *word)
{
    return text.set && text_equals(fw_text_data(set, text), text.length, word);
}

int fw_text_equal(const fw_ruleset_t *set, fw_text_t a, fw_text_t b)
{
    return a.length == b.length && (a.length == 0 || memcmp(fw_text_data(set, a), fw_text_data(set, b), a.length) == 0);
}

fw_text_t fw_concat(fw_ruleset_t *set, const char *a, size_t a_length, char separator, const char *b, size_t b_length)
{
    fw_text_t text = { 0, 0, 0, 0 };
    sa_buffer_t *arena = &set->arena;
    size_t total = a_length + (separator != 0) + b_length;
    if (set->failed || total > UINT32_MAX - arena->length) {
        set->failed = 1;
        return text;
    }
    /* the parts may lie in the arena: keep them as offsets across the growth */
    const char *old = arena->data;
    size_t a_at = a != NULL && old != NULL && a >= old && a < old + arena->length ? (size_t)(a - old) : SIZE_MAX;
    size_t b_at = b != NULL && old != NULL && b >= old && b < old + arena->length ? (size_t)(b - old) : SIZE_MAX;
    if (!buffer_reserve(arena, total + 1)) {
        set->failed = 1;
        return text;
    }
    if (a_at != SIZE_MAX)
        a = arena->data + a_at;
    if (b_at != SIZE_MAX)
        b = arena->data + b_at;
    text.offset = (uint32_t)arena->length;
    text.length = (uint32_t)total;
    text.set = 1;
    text.room = 0;
    if (a_length > 0)
        buffer_append(arena, a, a_length);
    if (separator != 0)
        buffer_append_char(arena, separator);
    if (b_length > 0)
        buffer_append(arena, b, b_length);
    if (arena->failed)
        set->failed = 1;
    return text;
}

fw_text_t fw_store(fw_ruleset_t *set, const char *bytes, size_t length)
{
    return fw_concat(set, bytes, length, 0, NULL, 0);
}

int fw_grow(fw_ruleset_t *set, void **array, uint32_t *capacity, uint32_t count, size_t size, uint32_t need)
{
    if (need <= *capacity)
        return 0;
    uint32_t more = *capacity == 0 ? 16 : *capacity;
    while (more < need && more <= UINT32_MAX / 2)
        more *= 2;
    if (more < need || (size_t)more > SIZE_MAX / size) {
        set->failed = 1;
        return -1;
    }
    void *grown = alloc_malloc(set->allocator, (size_t)more * size);
    if (grown == NULL) {
        set->failed = 1;
        return -1;
    }
    if (count > 0)
        memcpy(grown, *array, (size_t)count * size);
    alloc_free(set->allocator, *array);
    *array = grown;
    *capacity = more;
    return 0;
}

uint32_t fw_rule_new(fw_ruleset_t *set)
{
    if (set->failed
        || fw_grow(set, (void **)&set->rules, &set->rule_capacity, set->rule_count, sizeof *set->rules, set->rule_count + 1) != 0)
        return UINT32_MAX;
    memset(&set->rules[set->rule_count], 0, sizeof set->rules[0]);
    return set->rule_count++;
}

/* Appends prefix + value to a text: `old<separator>prefix value` when set, else `prefix value`
 * (RuleBuilder.Extra, Address, Unknown). The text is grown in its own room, moved to the end
 * of the arena with twice the room when full: a hostile line of many options stays linear. */
static void append(fw_ruleset_t *set, fw_text_t *text, char separator, const char *prefix, size_t prefix_length,
                   const char *value, size_t length)
{
    sa_buffer_t *arena = &set->arena;
    size_t old = text->set ? text->length : 0;
    size_t need = old + (text->set ? 1 : 0) + prefix_length + length;
    if (set->failed || need > UINT32_MAX / 4 || arena->length > UINT32_MAX / 2) {
        set->failed = 1;
        return;
    }
    size_t at;
    if (text->set && text->room >= need) {
        at = text->offset;
    } else {
        size_t room = need < 16 ? 32 : need * 2;
        const char *base = arena->data;
        size_t value_at = value != NULL && base != NULL && value >= base && value < base + arena->length
                              ? (size_t)(value - base) : SIZE_MAX;
        if (!buffer_reserve(arena, room)) {
            set->failed = 1;
            return;
        }
        if (value_at != SIZE_MAX)
            value = arena->data + value_at;
        at = arena->length;
        if (old > 0)
            memcpy(arena->data + at, arena->data + text->offset, old);
        arena->length += room;
        text->offset = (uint32_t)at;
        text->room = (uint32_t)room;
    }
    char *out = arena->data + at + old;
    if (text->set)
        *out++ = separator;
    if (prefix_length > 0)
        memcpy(out, prefix, prefix_length);
    if (length > 0)
        memmove(out + prefix_length, value, length);
    text->length = (uint32_t)need;
    text->set = 1;
}

void fw_rule_extra(fw_ruleset_t *set, uint32_t rule, fw_extra_t key, const char *value, size_t length)
{
    append(set, &set->rules[rule].extras[key], ' ', NULL, 0, value, length);
}

void fw_rule_extra_negated(fw_ruleset_t *set, uint32_t rule, fw_extra_t key, int negated, const char *value,
                           size_t length)
{
    append(set, &set->rules[rule].extras[key], ' ', "!", negated ? 1 : 0, value, length);
}

void fw_rule_unknown(fw_ruleset_t *set, uint32_t rule, const char *text, size_t length)
{
    append(set, &set->rules[rule].unknown, ' ', NULL, 0, text, length);
}

void fw_rule_address(fw_ruleset_t *set, uint32_t rule, int source, const char *value, size_t length, int negated)
{
    fw_rule_t *r = &set->rules[rule];
    if (length == 0 && !negated) {
        /* an empty nft set or a quoted "": the schema's address is never empty */
        append(set, &r->extras[source ? FW_EXTRA_SOURCE_ADDRESS : FW_EXTRA_DESTINATION_ADDRESS], ' ', NULL, 0, value, 0);
        return;
    }
    append(set, source ? &r->source_address : &r->destination_address, ',', "!", negated ? 1 : 0, value, length);
}

void fw_rule_port(fw_ruleset_t *set, uint32_t rule, int source, const char *value, size_t length, int negated)
{
    fw_text_t ports;
    if (negated || !fw_port_normalize(set, value, length, &ports)) {
        if (!set->failed)
            fw_rule_extra_negated(set, rule, source ? FW_EXTRA_SOURCE_PORT : FW_EXTRA_DESTINATION_PORT, negated, value, length);
        return;
    }
    if (source)
        set->rules[rule].source_port = ports;
    else
        set->rules[rule].destination_port = ports;
}

void fw_rule_protocol(fw_ruleset_t *set, uint32_t rule, const char *value, size_t length, int negated)
{
    /* ToLowerInvariant, then only [a-z][a-z0-9-]{0,31} is a protocol: a non-ASCII letter never
     * passes, whatever it lowers to, except the two that lower to ASCII (see below) */
    char lower[33];
    size_t n = 0;
    int usable = !negated && length > 0;
    for (size_t i = 0; usable && i < length; i++) {
        unsigned char c = (unsigned char)value[i];
        char l;
        if (c >= 'A' && c <= 'Z')
            l = (char)(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
            l = (char)c;
        else if (c == 0xE2 && i + 2 < length && (unsigned char)value[i + 1] == 0x84
                 && (unsigned char)value[i + 2] == 0xAA) {
            l = 'k'; /* U+212A KELVIN SIGN lowers to k */
            i += 2;
        } else {
            usable = 0;
            break;
        }
        if (n == 32) {
            usable = 0;
            break;
        }
        lower[n++] = l;
    }
    if (usable && n == 3 && memcmp(lower, "all", 3) == 0)
        memcpy(lower, "any", 3);
    if (!usable || !(lower[0] >= 'a' && lower[0] <= 'z')) {
        fw_rule_extra_negated(set, rule, FW_EXTRA_PROTOCOL, negated, value, length);
        return;
    }
    set->rules[rule].protocol = fw_store(set, lower, n);
}

void fw_rule_target(fw_ruleset_t *set, uint32_t rule, const char *value, size_t length)
{
    if (value == NULL) {
        set->rules[rule].target = (fw_text_t){ 0, 0, 0, 0 };
        return;
    }
    fw_text_t target = fw_store(set, value, length);
    if (!set->failed)
        set->rules[rule].target = target;
}

fw_action_t fw_action_of(const char *target, size_t length, int set)
{
    if (set && text_equals(target, length, "ACCEPT"))
        return FW_ACTION_ALLOW;
    if (set && (text_equals(target, length, "DROP") || text_equals(target, length, "REJECT")))
        return FW_ACTION_DENY;
    return FW_ACTION_OTHER;
}

void fw_ruleset_add_item(fw_ruleset_t *set, uint32_t rule, fw_text_t chain, uint32_t priority, fw_direction_t direction,
                         const fw_text_t common[FW_EXTRA_COUNT])
{
    fw_rule_t *r = &set->rules[rule];
    /* shared texts are never appended to again: building comes after reading */
    for (int k = 0; k < FW_EXTRA_COUNT; k++)
        if (common[k].set && !r->extras[k].set)
            r->extras[k] = common[k];
    if (r->unknown.set)
        r->extras[FW_EXTRA_MATCHES] = r->unknown;
    r->action = (uint8_t)fw_action_of(fw_text_data(set, r->target), r->target.length, r->target.set);
    if (r->action == FW_ACTION_OTHER && r->target.set)
        r->extras[FW_EXTRA_TARGET] = r->target;
    if (fw_grow(set, (void **)&set->items, &set->item_capacity, set->item_count, sizeof *set->items, set->item_count + 1) != 0)
        return;
    set->items[set->item_count++] = (fw_item_t){ rule, chain, priority, (uint8_t)direction };
}

void fw_ruleset_add_policy(fw_ruleset_t *set, fw_text_t chain, uint32_t priority, fw_direction_t direction,
                           const fw_text_t common[FW_EXTRA_COUNT], fw_text_t target, fw_text_t policy)
{
    uint32_t last = fw_rule_new(set);
    if (last == UINT32_MAX)
        return;
    set->rules[last].target = target;
    set->rules[last].extras[FW_EXTRA_POLICY] = policy;
    fw_ruleset_add_item(set, last, chain, priority, direction, common);
}

void fw_ruleset_add_table(fw_ruleset_t *set, fw_text_t table)
{
    if (set->failed || name_index_find(&set->table_index, set->arena.data, fw_text_data(set, table), table.length)
                           != NAME_INDEX_NONE)
        return;
    if (fw_grow(set, (void **)&set->tables, &set->table_capacity, set->table_count, sizeof *set->tables, set->table_count + 1) != 0)
        return;
    if (name_index_put(&set->table_index, set->arena.data, table.offset, table.length, set->table_count) != 0) {
        set->failed = 1;
        return;
    }
    set->tables[set->table_count++] = table;
}

int fw_ruleset_has_table(const fw_ruleset_t *set, const char *name, size_t length)
{
    return name_index_find(&set->table_index, set->arena.data, name, length) != NAME_INDEX_NONE;
}

int fw_port_normalize(fw_ruleset_t *set, const char *text, size_t length, fw_text_t *out)
{
    /* the normalized text is never longer than the input: build it in a scratch run of the
     * arena, then keep it */
    char *scratch = length > 0 ? alloc_malloc(set->allocator, length) : NULL;
    size_t n = 0, part = 0;
    int ok = length > 0 && scratch != NULL;
    if (length > 0 && scratch == NULL)
        set->failed = 1;
    while (ok) {
        size_t end = part;
        while (end < length && text[end] != ',')
            end++;
        size_t bound = part, bounds = 0;
        if (part > 0)
            scratch[n++] = ',';
        for (;;) {
            size_t stop = bound;
            while (stop < end && text[stop] != ':' && text[stop] != '-')
                stop++;
            uint64_t port;
            if (++bounds > 2 || !text_parse_decimal(text + bound, stop - bound, 65535, &port)) {
                ok = 0;
                break;
            }
            char digits[8];
            int d = snprintf(digits, sizeof digits, "%u", (unsigned)port);
            if (bounds == 2)
                scratch[n++] = '-';
            memcpy(scratch + n, digits, (size_t)d);
            n += (size_t)d;
            if (stop == end)
                break;
            bound = stop + 1;
        }
        if (!ok || end == length)
            break;
        part = end + 1;
    }
    if (ok)
        *out = fw_store(set, scratch, n);
    alloc_free(set->allocator, scratch);
    return ok && !set->failed;
}
