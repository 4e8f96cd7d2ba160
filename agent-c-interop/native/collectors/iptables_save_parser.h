/* iptables_save_parser.h - iptables-save (or ip6tables-save) output, as the C# IptablesSaveParser
 * reads it: the rules of the filter table, chain by chain in declaration order, each rule's
 * Priority its index in the chain and each built-in chain's policy as its last rule; INPUT is
 * In, OUTPUT is Out. Addresses, ports and protocol go to their fields, the rest (interfaces,
 * comments, modules without a field, target options) to ExtraDetails. Lines outside a table or
 * not of the save format are skipped and counted. */
#ifndef SA_IPTABLES_SAVE_PARSER_H
#define SA_IPTABLES_SAVE_PARSER_H

#include <stddef.h>

#include "firewall_rule.h"

/* iptables_save_parse - appends the items of text (length bytes of repaired UTF-8, NULs
 * allowed) to set, adds its tables ("ip filter", "ip6 nat", ...) and counts what was skipped
 * in set->malformed. family is "ip" or "ip6". On a memory failure set->failed is set. */
void iptables_save_parse(fw_ruleset_t *set, const char *text, size_t length, const char *family);

#endif
