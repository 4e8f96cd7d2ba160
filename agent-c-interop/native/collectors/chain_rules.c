/* chain_rules.c - the rules of each chain, in order (see chain_rules.h). */
#include "chain_rules.h"

#include <string.h>

void chain_rules_init(chain_rules_t *rules, fw_ruleset_t *set)
{
    memset(rules, 0, sizeof *rules);
    name_index_init(&rules->index, set->allocator);
}

void chain_rules_release(chain_rules_t *rules, fw_ruleset_t *set)
{
    alloc_free(set->allocator, rules->lists);
    alloc_free(set->allocator, rules->next);
    name_index_release(&rules->index);
    memset(rules, 0, sizeof *rules);
}

int chain_rules_add(chain_rules_t *rules, fw_ruleset_t *set, fw_text_t key, uint32_t rule)
{
    /* indexed by the rule's place in the set, which may hold another tool's rules before */
    if (fw_grow(set, (void **)&rules->next, &rules->next_capacity, rules->next_capacity, sizeof *rules->next,
                set->rule_count) != 0)
        return -1;
    rules->next[rule] = UINT32_MAX;
    uint32_t list = name_index_find(&rules->index, set->arena.data, fw_text_data(set, key), key.length);
    if (list != NAME_INDEX_NONE) {
        rules->next[rules->lists[list].tail] = rule;
        rules->lists[list].tail = rule;
        return 0;
    }
    if (fw_grow(set, (void **)&rules->lists, &rules->list_capacity, rules->list_count, sizeof *rules->lists,
                rules->list_count + 1) != 0)
        return -1;
    rules->lists[rules->list_count].head = rules->lists[rules->list_count].tail = rule;
    if (name_index_put(&rules->index, set->arena.data, key.offset, key.length, rules->list_count) != 0) {
        set->failed = 1;
        return -1;
    }
    rules->list_count++;
    return 1;
}

uint32_t chain_rules_build(const chain_rules_t *rules, fw_ruleset_t *set, fw_text_t key, fw_text_t chain,
                           fw_direction_t direction, const fw_text_t common[FW_EXTRA_COUNT])
{
    uint32_t priority = 0;
    uint32_t list = name_index_find(&rules->index, set->arena.data, fw_text_data(set, key), key.length);
    for (uint32_t r = list == NAME_INDEX_NONE ? UINT32_MAX : rules->lists[list].head; r != UINT32_MAX && !set->failed;
         r = rules->next[r])
        fw_ruleset_add_item(set, r, chain, priority++, direction, common);
    return priority;
}
