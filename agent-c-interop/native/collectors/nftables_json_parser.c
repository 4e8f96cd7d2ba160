/* nftables_json_parser.c - the nft JSON parser (see nftables_json_parser.h) over libsecagent's
 * strict JSON reader; each step follows the C# NftablesJsonParser, whose output this must match
 * byte for byte (a raw element's text is the input's bytes, as GetRawText gives them). */
#include "nftables_json_parser.h"

#include <string.h>

#include "chain_rules.h"
#include "json_reader.h"
#include "text_scan.h"

typedef struct chain {
    fw_text_t table, name, hook, policy; /* table "family name"; hook and policy may be unset */
} chain_t;

typedef struct parse {
    fw_ruleset_t *set;
    const json_document_t *doc;
    const char *json;
    chain_t *chains;
    uint32_t chain_count, chain_capacity;
    chain_rules_t rules; /* by list_key (table, chain) */
} parse_t;

static const json_node_t *node(const parse_t *p, uint32_t n)
{
    return &p->doc->nodes[n];
}

/* Text(element, name): a string member of an object, decoded; NULL otherwise. */
static const char *member_text(const parse_t *p, uint32_t element, const char *name, size_t *length)
{
    uint32_t m = json_member(p->doc, element, name);
    if (m == 0 || node(p, m)->type != JSON_STRING)
        return NULL;
    *length = node(p, m)->string_length;
    return p->doc->strings.data + node(p, m)->string_offset;
}

static fw_text_t member_stored(parse_t *p, uint32_t element, const char *name)
{
    size_t length;
    const char *text = member_text(p, element, name, &length);
    return text == NULL ? (fw_text_t){ 0, 0, 0, 0 } : fw_store(p->set, text, length);
}

/* TableOf: "family table", or unset. */
static fw_text_t table_of(parse_t *p, uint32_t element)
{
    size_t family_length = 0, table_length = 0;
    const char *family = member_text(p, element, "family", &family_length);
    const char *table = member_text(p, element, "table", &table_length);
    if (family == NULL || table == NULL)
        return (fw_text_t){ 0, 0, 0, 0 };
    return fw_concat(p->set, family, family_length, ' ', table, table_length);
}

/* The raw text of a node (GetRawText). */
static void raw_text(const parse_t *p, uint32_t n, const char **text, size_t *length)
{
    *text = p->json + p->doc->spans[n].offset;
    *length = p->doc->spans[n].length;
}

/* Value: a match's right side as text: a string, a number as written, prefix a/n, range a-b,
 * or a set joined by commas (an empty set is the empty text); unset for anything else. */
static fw_text_t value_of(parse_t *p, uint32_t right)
{
    static const fw_text_t none = { 0, 0, 0, 0 };
    fw_ruleset_t *set = p->set;
    const json_node_t *r = node(p, right);
    if (r->type == JSON_STRING)
        return fw_store(set, p->doc->strings.data + r->string_offset, r->string_length);
    if (r->type == JSON_NUMBER) {
        const char *text;
        size_t length;
        raw_text(p, right, &text, &length);
        return fw_store(set, text, length);
    }
    if (r->type != JSON_OBJECT)
        return none;
    uint32_t prefix = json_member(p->doc, right, "prefix");
    if (prefix != 0 && node(p, prefix)->type == JSON_OBJECT) {
        size_t addr_length;
        const char *addr = member_text(p, prefix, "addr", &addr_length);
        uint32_t len = json_member(p->doc, prefix, "len");
        if (addr == NULL || len == 0 || node(p, len)->type != JSON_NUMBER)
            return none;
        const char *digits;
        size_t digits_length;
        raw_text(p, len, &digits, &digits_length);
        fw_text_t a = fw_store(set, addr, addr_length);
        return set->failed ? none : fw_concat(set, fw_text_data(set, a), a.length, '/', digits, digits_length);
    }
    uint32_t range = json_member(p->doc, right, "range");
    if (range != 0 && node(p, range)->type == JSON_ARRAY) {
        uint32_t low = node(p, range)->child, high = low == 0 ? 0 : node(p, low)->next;
        if (high != 0 && node(p, high)->next == 0) {
            fw_text_t l = value_of(p, low);
            if (!l.set)
                return none;
            fw_text_t h = value_of(p, high);
            if (!h.set || set->failed)
                return none;
            return fw_concat(set, fw_text_data(set, l), l.length, '-', fw_text_data(set, h), h.length);
        }
    }
    uint32_t elements = json_member(p->doc, right, "set");
    if (elements != 0 && node(p, elements)->type == JSON_ARRAY) {
        fw_text_t joined = fw_store(set, "", 0);
        int first = 1;
        for (uint32_t e = node(p, elements)->child; e != 0 && !set->failed; e = node(p, e)->next) {
            fw_text_t part = value_of(p, e);
            if (!part.set)
                return none;
            joined = fw_concat(set, fw_text_data(set, joined), joined.length, first ? 0 : ',', fw_text_data(set, part),
                               part.length);
            first = 0;
        }
        return set->failed ? none : joined;
    }
    return none;
}

static int text_in(const char *text, size_t length, const char *a, const char *b)
{
    return text != NULL && (text_equals(text, length, a) || (b != NULL && text_equals(text, length, b)));
}

/* TryMatch: an address, port or protocol match into its field; 0 for any other match. */
static int try_match(parse_t *p, uint32_t match, uint32_t rule)
{
    fw_ruleset_t *set = p->set;
    if (node(p, match)->type != JSON_OBJECT)
        return 0;
    uint32_t left = json_member(p->doc, match, "left"), right = json_member(p->doc, match, "right");
    if (left == 0 || right == 0)
        return 0;
    fw_text_t value = value_of(p, right);
    if (!value.set)
        return 0;
    size_t op_length;
    const char *op = member_text(p, match, "op", &op_length);
    if (op == NULL) {
        op = "==";
        op_length = 2;
    }
    if (!text_equals(op, op_length, "==") && !text_equals(op, op_length, "!=") && !text_equals(op, op_length, "in"))
        return 0;
    int negated = text_equals(op, op_length, "!=");
    /* the value lies in the arena; the setters keep such a source valid while the arena grows */
#define VALUE fw_text_data(set, value), value.length
    uint32_t payload = json_member(p->doc, left, "payload");
    if (node(p, left)->type == JSON_OBJECT && payload != 0) {
        size_t protocol_length = 0, field_length = 0;
        const char *protocol = member_text(p, payload, "protocol", &protocol_length);
        const char *field = member_text(p, payload, "field", &field_length);
        int ip = text_in(protocol, protocol_length, "ip", "ip6");
        if (text_in(field, field_length, "saddr", NULL) && ip) {
            fw_rule_address(set, rule, 1, VALUE, negated);
            return 1;
        }
        if (text_in(field, field_length, "daddr", NULL) && ip) {
            fw_rule_address(set, rule, 0, VALUE, negated);
            return 1;
        }
        if ((text_in(field, field_length, "protocol", NULL) && text_in(protocol, protocol_length, "ip", NULL))
            || (text_in(field, field_length, "nexthdr", NULL) && text_in(protocol, protocol_length, "ip6", NULL))) {
            fw_rule_protocol(set, rule, VALUE, negated);
            return 1;
        }
        if (text_in(field, field_length, "sport", "dport") && protocol != NULL) {
            fw_rule_port(set, rule, text_equals(field, field_length, "sport"), VALUE, negated);
            if (!set->failed && !text_equals(protocol, protocol_length, "th") && !set->rules[rule].protocol.set)
                fw_rule_protocol(set, rule, protocol, protocol_length, 0);
            return 1;
        }
        return 0;
    }
    uint32_t meta = json_member(p->doc, left, "meta");
    if (node(p, left)->type == JSON_OBJECT && meta != 0) {
        size_t key_length;
        const char *key = member_text(p, meta, "key", &key_length);
        if (text_in(key, key_length, "l4proto", NULL)) {
            fw_rule_protocol(set, rule, VALUE, negated);
            return 1;
        }
        if (text_in(key, key_length, "iifname", "iif")) {
            fw_rule_extra_negated(set, rule, FW_EXTRA_IN_INTERFACE, negated, VALUE);
            return 1;
        }
        if (text_in(key, key_length, "oifname", "oif")) {
            fw_rule_extra_negated(set, rule, FW_EXTRA_OUT_INTERFACE, negated, VALUE);
            return 1;
        }
    }
#undef VALUE
    return 0;
}

/* ToUpperInvariant (as the agent runs it, with invariant globalization) for a verdict name or
 * a policy: ASCII and Latin-1; other letters are kept as they are (nft writes ASCII policies;
 * the C# agent would also raise Greek, Cyrillic and the rest). */
static fw_text_t upper_invariant(fw_ruleset_t *set, const char *text, size_t length)
{
    fw_text_t upper = fw_store(set, text, length);
    if (set->failed)
        return upper;
    unsigned char *u = (unsigned char *)set->arena.data + upper.offset;
    size_t n = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = u[i];
        if (c >= 'a' && c <= 'z') {
            u[n++] = (unsigned char)(c - 32);
        } else if (c == 0xC3 && i + 1 < length && u[i + 1] >= 0xA0 && u[i + 1] <= 0xBE && u[i + 1] != 0xB7) {
            u[n++] = 0xC3; /* à..þ but ÷: their capitals lie 0x20 below */
            u[n++] = (unsigned char)(u[++i] - 0x20);
        } else if (c == 0xC3 && i + 1 < length && u[i + 1] == 0xBF) {
            u[n++] = 0xC5; /* ÿ: Ÿ U+0178 */
            u[n++] = 0xB8;
            i++;
        } else if (c == 0xC2 && i + 1 < length && u[i + 1] == 0xB5) {
            u[n++] = 0xCE; /* µ: Μ U+039C */
            u[n++] = 0x9C;
            i++;
        } else {
            u[n++] = c;
        }
    }
    upper.length = (uint32_t)n;
    return upper;
}

static fw_text_t none_text(void)
{
    return (fw_text_t){ 0, 0, 0, 0 };
}

/* ParseRule: the expressions of a rule into a new rule; its index or UINT32_MAX (no memory). */
static uint32_t parse_rule(parse_t *p, uint32_t expressions)
{
    fw_ruleset_t *set = p->set;
    uint32_t rule = fw_rule_new(set);
    if (rule == UINT32_MAX)
        return rule;
    for (uint32_t e = node(p, expressions)->child; e != 0 && !set->failed; e = node(p, e)->next) {
        uint32_t property = node(p, e)->type == JSON_OBJECT ? node(p, e)->child : 0;
        const json_document_t *d = p->doc;
        if (property != 0 && json_key_is(d, property, "match") && try_match(p, property, rule))
            continue;
        if (property != 0 && json_key_is(d, property, "counter"))
            continue;
        static const char *const verdicts[] = { "accept", "drop", "reject", "return", "continue", "queue" };
        int verdict = 0;
        for (size_t v = 0; property != 0 && v < sizeof verdicts / sizeof verdicts[0]; v++)
            verdict |= json_key_is(d, property, verdicts[v]);
        if (verdict) {
            fw_text_t upper = upper_invariant(set, d->strings.data + node(p, property)->key_offset,
                                              node(p, property)->key_length);
            set->rules[rule].target = upper;
            continue;
        }
        if (property != 0 && (json_key_is(d, property, "jump") || json_key_is(d, property, "goto"))) {
            set->rules[rule].target = node(p, property)->type == JSON_OBJECT ? member_stored(p, property, "target") : none_text();
            int jump = json_key_is(d, property, "jump");
            fw_rule_extra(set, rule, FW_EXTRA_VERDICT, jump ? "jump" : "goto", 4);
            continue;
        }
        size_t type_length;
        const char *type = property != 0 && json_key_is(d, property, "xt") ? member_text(p, property, "type", &type_length) : NULL;
        if (type != NULL && text_equals(type, type_length, "target")) {
            set->rules[rule].target = member_stored(p, property, "name");
            continue;
        }
        const char *raw;
        size_t raw_length;
        raw_text(p, e, &raw, &raw_length);
        fw_rule_unknown(set, rule, raw, raw_length);
    }
    return rule;
}

/* The key of a chain's rule list: the table's length, the table, then the chain's name. */
static fw_text_t list_key(fw_ruleset_t *set, fw_text_t table, const char *name, size_t name_length)
{
    char length[4];
    memcpy(length, &table.length, sizeof length);
    fw_text_t prefix = fw_concat(set, length, sizeof length, 0, fw_text_data(set, table), table.length);
    if (set->failed)
        return prefix;
    return fw_concat(set, fw_text_data(set, prefix), prefix.length, 0, name, name_length);
}

static void read_entry(parse_t *p, uint32_t entry)
{
    fw_ruleset_t *set = p->set;
    if (node(p, entry)->type != JSON_OBJECT) {
        set->malformed++;
        return;
    }
    uint32_t table = json_member(p->doc, entry, "table");
    if (table != 0) {
        size_t length;
        /* the table itself only names what the chains and rules repeat: checked, not kept */
        if (member_text(p, table, "family", &length) == NULL || member_text(p, table, "name", &length) == NULL)
            set->malformed++;
        return;
    }
    uint32_t chain = json_member(p->doc, entry, "chain");
    if (chain != 0) {
        fw_text_t t = table_of(p, chain);
        fw_text_t name = t.set ? member_stored(p, chain, "name") : none_text();
        if (!t.set || !name.set) {
            set->malformed++;
            return;
        }
        fw_text_t hook = member_stored(p, chain, "hook"), policy = member_stored(p, chain, "policy");
        if (fw_grow(set, (void **)&p->chains, &p->chain_capacity, p->chain_count, sizeof *p->chains, p->chain_count + 1) != 0)
            return;
        p->chains[p->chain_count++] = (chain_t){ t, name, hook, policy };
        return;
    }
    uint32_t rule = json_member(p->doc, entry, "rule");
    if (rule == 0)
        return; /* metainfo, sets, maps, elements...: not rules */
    fw_text_t t = table_of(p, rule);
    size_t name_length = 0;
    const char *name = t.set ? member_text(p, rule, "chain", &name_length) : NULL;
    uint32_t expressions = json_member(p->doc, rule, "expr");
    if (name == NULL || expressions == 0 || node(p, expressions)->type != JSON_ARRAY) {
        set->malformed++;
        return;
    }
    fw_text_t key = list_key(set, t, name, name_length);
    uint32_t built = set->failed ? UINT32_MAX : parse_rule(p, expressions);
    if (built == UINT32_MAX)
        return;
    size_t comment_length;
    const char *comment = member_text(p, rule, "comment", &comment_length);
    if (comment != NULL)
        fw_rule_extra(set, built, FW_EXTRA_COMMENT, comment, comment_length);
    if (!set->failed)
        chain_rules_add(&p->rules, set, key, built);
}

static void add_items(parse_t *p)
{
    fw_ruleset_t *set = p->set;
    for (uint32_t c = 0; c < p->chain_count && !set->failed; c++) {
        chain_t chain = p->chains[c];
        const char *table = fw_text_data(set, chain.table);
        if (fw_ruleset_has_table(set, table, chain.table.length))
            continue;
        const char *space = memchr(table, ' ', chain.table.length);
        uint32_t family_length = (uint32_t)(space - table);
        fw_text_t common[FW_EXTRA_COUNT] = { { 0, 0, 0, 0 } };
        common[FW_EXTRA_FAMILY] = (fw_text_t){ chain.table.offset, family_length, 1, 0 };
        common[FW_EXTRA_TABLE] = (fw_text_t){ chain.table.offset + family_length + 1, chain.table.length - family_length - 1, 1, 0 };
        common[FW_EXTRA_HOOK] = chain.hook;
        fw_direction_t direction = fw_text_is(set, chain.hook, "input") ? FW_DIRECTION_IN
                                 : fw_text_is(set, chain.hook, "output") ? FW_DIRECTION_OUT : FW_DIRECTION_NONE;
        fw_text_t key = list_key(set, chain.table, fw_text_data(set, chain.name), chain.name.length);
        if (set->failed)
            return;
        uint32_t priority = chain_rules_build(&p->rules, set, key, chain.name, direction, common);
        if (chain.hook.set && chain.policy.set) {
            fw_text_t upper = upper_invariant(set, fw_text_data(set, chain.policy), chain.policy.length);
            fw_ruleset_add_policy(set, chain.name, priority, direction, common, upper, chain.policy);
        }
    }
}

int nftables_json_parse(fw_ruleset_t *set, const char *json, size_t length, const char **error, size_t *error_offset)
{
    /* JsonDocument.Parse with default options, as the C# parser reads it; the raw texts for GetRawText */
    const json_parse_options_t options = {.flags = JSON_KEEP_SPANS, .max_depth = JSON_DOTNET_MAX_DEPTH};
    json_document_t doc;
    int parsed = json_parse_with(&doc, set->allocator, json, length, &options, error_offset, error);
    if (parsed != 0) {
        json_release(&doc);
        if (parsed == -2)
            set->failed = 1;
        return parsed;
    }
    uint32_t list = json_member(&doc, 0, "nftables");
    if (list == 0 || doc.nodes[list].type != JSON_ARRAY) {
        json_release(&doc);
        *error = "no \"nftables\" array";
        *error_offset = 0;
        return -1;
    }
    parse_t p = { .set = set, .doc = &doc, .json = json };
    chain_rules_init(&p.rules, set);
    for (uint32_t e = doc.nodes[list].child; e != 0 && !set->failed; e = doc.nodes[e].next)
        read_entry(&p, e);
    if (!set->failed)
        add_items(&p);
    alloc_free(set->allocator, p.chains);
    chain_rules_release(&p.rules, set);
    json_release(&doc);
    return set->failed ? -2 : 0;
}
