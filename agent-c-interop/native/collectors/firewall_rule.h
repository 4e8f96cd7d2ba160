/* firewall_rule.h - what the FirewallConfiguration parsers read (the C# RuleBuilder,
 * FirewallRuleset and PortText): rules whose texts live in one arena, the items in evaluation
 * order that refer to them, the tables present and a count of what was skipped as malformed.
 * Texts are byte spans (not NUL-terminated) over UTF-8 that the caller has already repaired. */
#ifndef SA_FIREWALL_RULE_H
#define SA_FIREWALL_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "buffer.h"
#include "name_index.h"

/* A text in the ruleset's arena; set = 0: null in the C# record. A text that values are
 * appended to (extras, addresses, matches) owns `room` bytes from offset, so that appending
 * to it again and again stays linear (0: no room beyond its length). */
typedef struct fw_text {
    uint32_t offset, length;
    uint8_t set;
    uint32_t room;
} fw_text_t;

/* The ExtraDetails keys the parsers write; every key is one slot of a rule. */
typedef enum fw_extra {
    FW_EXTRA_COMMENT, FW_EXTRA_DESTINATION_PORT, FW_EXTRA_FAMILY, FW_EXTRA_GOTO, FW_EXTRA_HOOK,
    FW_EXTRA_IN_INTERFACE, FW_EXTRA_MATCHES, FW_EXTRA_OUT_INTERFACE, FW_EXTRA_POLICY, FW_EXTRA_PROTOCOL,
    FW_EXTRA_SOURCE_PORT, FW_EXTRA_TABLE, FW_EXTRA_TARGET, FW_EXTRA_TARGET_OPTIONS, FW_EXTRA_VERDICT,
    FW_EXTRA_SOURCE_ADDRESS, FW_EXTRA_DESTINATION_ADDRESS,
    FW_EXTRA_COUNT
} fw_extra_t;

extern const char *const fw_extra_names[FW_EXTRA_COUNT];

typedef enum fw_direction { FW_DIRECTION_NONE, FW_DIRECTION_IN, FW_DIRECTION_OUT } fw_direction_t;
typedef enum fw_action { FW_ACTION_ALLOW, FW_ACTION_DENY, FW_ACTION_OTHER } fw_action_t;

/* One rule while it is read (RuleBuilder). Build (fw_ruleset_add_item) mutates its extras, and
 * every item of the rule shows its final extras, as the C# payloads share one dictionary. */
typedef struct fw_rule {
    fw_text_t source_address, source_port, destination_address, destination_port, protocol, target;
    fw_text_t extras[FW_EXTRA_COUNT];
    fw_text_t unknown; /* the matches without a field, joined by spaces */
    uint8_t action;    /* fw_action_t, set by the last build */
} fw_rule_t;

/* One payload item: a rule at a place in a chain. */
typedef struct fw_item {
    uint32_t rule;
    fw_text_t chain;
    uint32_t priority;
    uint8_t direction; /* fw_direction_t */
} fw_item_t;

typedef struct fw_ruleset {
    sa_allocator_t *allocator;
    sa_buffer_t arena;
    fw_rule_t *rules;
    uint32_t rule_count, rule_capacity;
    fw_item_t *items;
    uint32_t item_count, item_capacity;
    fw_text_t *tables; /* "family name", each once */
    uint32_t table_count, table_capacity;
    name_index_t table_index;
    uint64_t malformed;
    int failed; /* memory ran out: the ruleset is incomplete */
} fw_ruleset_t;

void fw_ruleset_init(fw_ruleset_t *set, sa_allocator_t *allocator);
void fw_ruleset_release(fw_ruleset_t *set);

/* fw_text_data - the bytes of a text. */
static inline const char *fw_text_data(const fw_ruleset_t *set, fw_text_t text)
{
    return set->arena.data + text.offset;
}

/* fw_text_is - whether a set text equals word (NUL-terminated). */
int fw_text_is(const fw_ruleset_t *set, fw_text_t text, const char *word);
/* fw_text_equal - whether two set texts hold the same bytes. */
int fw_text_equal(const fw_ruleset_t *set, fw_text_t a, fw_text_t b);

/* fw_store - copies bytes into the arena (of this set or another: the source may be in it). */
fw_text_t fw_store(fw_ruleset_t *set, const char *bytes, size_t length);
/* fw_concat - a + separator (0: none) + b, each part a span of bytes. */
fw_text_t fw_concat(fw_ruleset_t *set, const char *a, size_t a_length, char separator, const char *b, size_t b_length);

/* fw_grow - makes *array (count elements of size bytes, room for *capacity) hold at least need
 * elements, doubling from 16, on the set's allocator. 0; -1 when memory ran out or the size
 * would overflow: set->failed is set and the array stays as it was. */
int fw_grow(fw_ruleset_t *set, void **array, uint32_t *capacity, uint32_t count, size_t size, uint32_t need);

/* fw_rule_new - a new empty rule; its index, or UINT32_MAX when memory ran out. */
uint32_t fw_rule_new(fw_ruleset_t *set);

/* The RuleBuilder's setters (the values are byte spans; they may lie in the arena). */
void fw_rule_extra(fw_ruleset_t *set, uint32_t rule, fw_extra_t key, const char *value, size_t length);
void fw_rule_extra_negated(fw_ruleset_t *set, uint32_t rule, fw_extra_t key, int negated, const char *value,
                           size_t length);
void fw_rule_unknown(fw_ruleset_t *set, uint32_t rule, const char *text, size_t length);
void fw_rule_address(fw_ruleset_t *set, uint32_t rule, int source, const char *value, size_t length, int negated);
void fw_rule_port(fw_ruleset_t *set, uint32_t rule, int source, const char *value, size_t length, int negated);
void fw_rule_protocol(fw_ruleset_t *set, uint32_t rule, const char *value, size_t length, int negated);
void fw_rule_target(fw_ruleset_t *set, uint32_t rule, const char *value, size_t length);

/* fw_ruleset_add_item - RuleBuilder.Build: the common extras (Family, Table, Hook) where the rule
 * has none, Matches, the action and Target; then the item. */
void fw_ruleset_add_item(fw_ruleset_t *set, uint32_t rule, fw_text_t chain, uint32_t priority, fw_direction_t direction,
                         const fw_text_t common[FW_EXTRA_COUNT]);

/* fw_ruleset_add_policy - a base chain's policy as its last item (the C# parsers' `last`): a new
 * rule with Target target and ExtraDetails Policy policy, built at priority. */
void fw_ruleset_add_policy(fw_ruleset_t *set, fw_text_t chain, uint32_t priority, fw_direction_t direction,
                           const fw_text_t common[FW_EXTRA_COUNT], fw_text_t target, fw_text_t policy);

/* fw_ruleset_add_table - adds "family name" (a stored text) unless present. */
void fw_ruleset_add_table(fw_ruleset_t *set, fw_text_t table);
/* fw_ruleset_has_table - whether `name` (bytes) is one of the tables. */
int fw_ruleset_has_table(const fw_ruleset_t *set, const char *name, size_t length);

/* fw_port_normalize - PortText.TryNormalize: "22", "1000-2000" (from 1000:2000 or 1000-2000) or
 * a comma list of them, each port 0-65535 in ASCII digits; writes the schema's form to out
 * (its own arena text). 0 for anything else. */
int fw_port_normalize(fw_ruleset_t *set, const char *text, size_t length, fw_text_t *out);

/* fw_action_of - ACCEPT is Allow, DROP and REJECT are Deny, anything else Other. */
fw_action_t fw_action_of(const char *target, size_t length, int set);

#endif
