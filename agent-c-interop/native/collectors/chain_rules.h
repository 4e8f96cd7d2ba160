/* chain_rules.h - the rules of each chain in the order they were read, under a key (the C#
 * parsers' Dictionary<chain, List<RuleBuilder>>): one linked list per key through the rules'
 * indexes, so that keeping and listing stay linear however many chains a ruleset holds. */
#ifndef SA_CHAIN_RULES_H
#define SA_CHAIN_RULES_H

#include <stdint.h>

#include "firewall_rule.h"
#include "name_index.h"

typedef struct chain_rule_list {
    uint32_t head, tail;
} chain_rule_list_t;

typedef struct chain_rules {
    name_index_t index; /* key (a text of the set's arena) -> index into lists */
    chain_rule_list_t *lists;
    uint32_t list_count, list_capacity;
    uint32_t *next; /* per rule of the set: the next rule of its chain, or UINT32_MAX */
    uint32_t next_capacity;
} chain_rules_t;

/* chain_rules_init / chain_rules_release - an empty map on the set's allocator; frees it. */
void chain_rules_init(chain_rules_t *rules, fw_ruleset_t *set);
void chain_rules_release(chain_rules_t *rules, fw_ruleset_t *set);

/*
 * chain_rules_add - appends rule (an index of set) to the list of key (a text of set's arena).
 * Returns 1 when key had no list before, 0 when it had; -1 when memory ran out (set->failed).
 */
int chain_rules_add(chain_rules_t *rules, fw_ruleset_t *set, fw_text_t key, uint32_t rule);

/*
 * chain_rules_build - RuleBuilder.Build for each rule of key's list in order (none when key has
 * none): items of chain with Priority 0, 1, ...; returns the next Priority (the policy's).
 */
uint32_t chain_rules_build(const chain_rules_t *rules, fw_ruleset_t *set, fw_text_t key, fw_text_t chain,
                           fw_direction_t direction, const fw_text_t common[FW_EXTRA_COUNT]);

#endif
