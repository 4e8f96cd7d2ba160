/* nftables_json_parser.h - `nft -j list ruleset`, as the C# NftablesJsonParser reads it: every
 * chain of every table in listing order, its rules in order, and a base chain's policy as its
 * last rule; a chain hooked at input is In, at output Out. Address, port and protocol matches
 * go to their fields (a negated address as "!address"), the rule's comment and the other
 * matches (conntrack, interfaces, marks...) to ExtraDetails. Tables that iptables-nft owns
 * (those already in the ruleset, from iptables-save) are left out. */
#ifndef SA_NFTABLES_JSON_PARSER_H
#define SA_NFTABLES_JSON_PARSER_H

#include <stddef.h>

#include "firewall_rule.h"

/*
 * nftables_json_parse - appends the items of json (length bytes of repaired UTF-8) to set,
 * skipping the tables set already holds; entries skipped as malformed are counted in
 * set->malformed. Returns 0; -1 when the text is not JSON or has no "nftables" array, with
 * *error a static reason and *error_offset the byte (0 for a missing array); -2 when memory
 * ran out.
 */
int nftables_json_parse(fw_ruleset_t *set, const char *json, size_t length, const char **error, size_t *error_offset);

#endif
