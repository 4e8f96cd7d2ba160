/* iptables_save_parser.c - the iptables-save text parser (see iptables_save_parser.h); each
 * step follows the C# IptablesSaveParser, whose output this must match byte for byte. */
#include "iptables_save_parser.h"

#include <string.h>

#include "chain_rules.h"
#include "name_index.h"
#include "text_scan.h"

typedef struct span {
    size_t offset, length;
} span_t;

/* One line cut into tokens: their bytes (quotes removed, escapes undone) in text. */
typedef struct tokens {
    sa_buffer_t text;
    span_t *list;
    size_t count, capacity;
    int failed;
} tokens_t;

typedef struct chain {
    fw_text_t name, policy; /* policy "-": none */
} chain_t;

/* The parse of one tool's output. */
typedef struct parse {
    fw_ruleset_t *set;
    chain_t *chains;
    uint32_t chain_count, chain_capacity;
    name_index_t declared; /* chain name -> 1 */
    chain_rules_t rules;   /* by chain name */
} parse_t;

static int token_is(const tokens_t *t, size_t i, const char *word)
{
    return text_equals(t->text.data + t->list[i].offset, t->list[i].length, word);
}

static int token_starts(const tokens_t *t, size_t i, char c)
{
    return t->list[i].length > 0 && t->text.data[t->list[i].offset] == c;
}

static void token_add(tokens_t *t, size_t start)
{
    if (t->count == t->capacity) {
        size_t capacity = t->capacity == 0 ? 16 : t->capacity * 2;
        span_t *grown = alloc_malloc(t->text.allocator, capacity * sizeof *grown);
        if (grown == NULL) {
            t->failed = 1;
            return;
        }
        if (t->count > 0)
            memcpy(grown, t->list, t->count * sizeof *grown);
        alloc_free(t->text.allocator, t->list);
        t->list = grown;
        t->capacity = capacity;
    }
    t->list[t->count++] = (span_t){ start, t->text.length - start };
}

/* Splits on blanks (space, tab), keeping "quoted strings" (with \" and \\ escapes) as one
 * token; a quote may open mid-token, and an unclosed one runs to the end of the line. */
static void tokenize(tokens_t *t, const char *line, size_t length)
{
    int quoted = 0, any = 0;
    size_t start;
    t->count = 0;
    buffer_clear(&t->text);
    if (!buffer_reserve(&t->text, length + 1)) {
        t->failed = 1;
        return;
    }
    start = 0;
    for (size_t i = 0; i < length; i++) {
        char c = line[i];
        if (quoted) {
            if (c == '\\' && i + 1 < length && (line[i + 1] == '"' || line[i + 1] == '\\'))
                buffer_append_char(&t->text, line[++i]);
            else if (c == '"')
                quoted = 0;
            else
                buffer_append_char(&t->text, c);
        } else if (c == '"') {
            quoted = 1;
            any = 1;
        } else if (c == ' ' || c == '\t') {
            if (any || t->text.length > start) {
                token_add(t, start);
                start = t->text.length;
                any = 0;
            }
        } else {
            buffer_append_char(&t->text, c);
        }
    }
    if (any || t->text.length > start)
        token_add(t, start);
    if (t->text.failed)
        t->failed = 1;
}

static fw_text_t token_text(fw_ruleset_t *set, const tokens_t *t, size_t i)
{
    return fw_store(set, t->text.data + t->list[i].offset, t->list[i].length);
}

static int needs_value(const tokens_t *t, size_t i)
{
    static const char *const options[] = { "-s", "--source", "-d", "--destination", "-p", "--protocol", "--sport",
                                           "--dport", "-j", "--jump", "-m", "--match", "-i", "-o" };
    for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
        if (token_is(t, i, options[k]))
            return 1;
    return 0;
}

static int one_of(const tokens_t *t, size_t i, const char *const *words, size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (token_is(t, i, words[k]))
            return 1;
    return 0;
}
#define ONE_OF(t, i, ...) one_of(t, i, (const char *const[]){ __VA_ARGS__ }, \
                                 sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

/* TryParseRule: the options after "-A CHAIN" (from token `first`) into rule. 0: not a rule. */
static int parse_rule(fw_ruleset_t *set, uint32_t rule, const tokens_t *t, size_t first)
{
    int negate = 0, after_target = 0;
    for (size_t i = first; i < t->count && !set->failed; i++) {
        if (token_is(t, i, "!")) {
            negate = 1;
            continue;
        }
        if (!token_starts(t, i, '-'))
            return 0;
        /* a value never starts with '-'; an option without one (--syn) is followed by the next option */
        int has_value = i + 1 < t->count && !token_starts(t, i + 1, '-') && !token_is(t, i + 1, "!");
        const char *value = has_value ? t->text.data + t->list[i + 1].offset : NULL;
        size_t value_length = has_value ? t->list[i + 1].length : 0;
        if (has_value && ONE_OF(t, i, "-s", "--source", "--src-range")) {
            fw_rule_address(set, rule, 1, value, value_length, negate);
        } else if (has_value && ONE_OF(t, i, "-d", "--destination", "--dst-range")) {
            fw_rule_address(set, rule, 0, value, value_length, negate);
        } else if (has_value && ONE_OF(t, i, "-p", "--protocol")) {
            fw_rule_protocol(set, rule, value, value_length, negate);
        } else if (has_value && ONE_OF(t, i, "--sport", "--source-port", "--sports", "--source-ports")) {
            fw_rule_port(set, rule, 1, value, value_length, negate);
        } else if (has_value && ONE_OF(t, i, "--dport", "--destination-port", "--dports", "--destination-ports")) {
            fw_rule_port(set, rule, 0, value, value_length, negate);
        } else if (has_value && ONE_OF(t, i, "-i", "--in-interface")) {
            fw_rule_extra_negated(set, rule, FW_EXTRA_IN_INTERFACE, negate, value, value_length);
        } else if (has_value && ONE_OF(t, i, "-o", "--out-interface")) {
            fw_rule_extra_negated(set, rule, FW_EXTRA_OUT_INTERFACE, negate, value, value_length);
        } else if (has_value && token_is(t, i, "--comment")) {
            fw_rule_extra(set, rule, FW_EXTRA_COMMENT, value, value_length);
        } else if (has_value && ONE_OF(t, i, "-m", "--match")) {
            if (!ONE_OF(t, i + 1, "tcp", "udp", "multiport", "iprange", "comment")) {
                fw_text_t text = fw_concat(set, "-m", 2, ' ', value, value_length);
                if (!set->failed)
                    fw_rule_unknown(set, rule, fw_text_data(set, text), text.length);
            }
        } else if (has_value && ONE_OF(t, i, "-j", "--jump", "-g", "--goto")) {
            fw_rule_target(set, rule, value, value_length);
            after_target = 1;
            if (ONE_OF(t, i, "-g", "--goto"))
                fw_rule_extra(set, rule, FW_EXTRA_GOTO, "true", 4);
        } else {
            if (!has_value && needs_value(t, i))
                return 0; /* an option that needs a value, cut short */
            /* (negate ? "! " : "") + option + (value ? " " + Quote(value) : "") */
            const char *option = t->text.data + t->list[i].offset;
            size_t option_length = t->list[i].length;
            fw_text_t text = fw_concat(set, "! ", negate ? 2 : 0, 0, option, option_length);
            if (has_value && !set->failed) {
                int quote = memchr(value, ' ', value_length) != NULL;
                fw_text_t quoted = fw_concat(set, "\"", quote ? 1 : 0, 0, value, value_length);
                if (quote && !set->failed)
                    quoted = fw_concat(set, fw_text_data(set, quoted), quoted.length, '"', NULL, 0);
                if (!set->failed)
                    text = fw_concat(set, fw_text_data(set, text), text.length, ' ', fw_text_data(set, quoted),
                                     quoted.length);
            }
            if (!set->failed) {
                if (after_target)
                    fw_rule_extra(set, rule, FW_EXTRA_TARGET_OPTIONS, fw_text_data(set, text), text.length);
                else
                    fw_rule_unknown(set, rule, fw_text_data(set, text), text.length);
            }
        }
        if (has_value)
            i++;
        negate = 0;
    }
    return 1;
}

static void add_chain(parse_t *p, fw_text_t name, fw_text_t policy)
{
    fw_ruleset_t *set = p->set;
    if (fw_grow(set, (void **)&p->chains, &p->chain_capacity, p->chain_count, sizeof *p->chains, p->chain_count + 1) != 0)
        return;
    p->chains[p->chain_count++] = (chain_t){ name, policy };
    if (name_index_put(&p->declared, set->arena.data, name.offset, name.length, 1) != 0)
        set->failed = 1;
}

/* Adds a parsed rule to the list of its chain (the chain declared with "-" when it is new). */
static void keep_rule(parse_t *p, fw_text_t chain, uint32_t rule)
{
    fw_ruleset_t *set = p->set;
    if (chain_rules_add(&p->rules, set, chain, rule) == 1
        && name_index_find(&p->declared, set->arena.data, fw_text_data(set, chain), chain.length) == NAME_INDEX_NONE)
        add_chain(p, chain, fw_store(set, "-", 1));
}

static void parse_line(parse_t *p, tokens_t *tokens, const char *line, size_t length)
{
    fw_ruleset_t *set = p->set;
    if (line[0] == ':') {
        /* line[1..].Split(' ', RemoveEmptyEntries): the name and the policy */
        size_t i = 1, found = 0;
        span_t parts[2];
        while (i < length && found < 2) {
            while (i < length && line[i] == ' ')
                i++;
            size_t start = i;
            while (i < length && line[i] != ' ')
                i++;
            if (i > start)
                parts[found++] = (span_t){ start, i - start };
        }
        if (found < 2) {
            set->malformed++;
            return;
        }
        fw_text_t name = fw_store(set, line + parts[0].offset, parts[0].length);
        fw_text_t policy = fw_store(set, line + parts[1].offset, parts[1].length);
        if (!set->failed)
            add_chain(p, name, policy);
        return;
    }
    tokenize(tokens, line, length);
    if (tokens->failed) {
        set->failed = 1;
        return;
    }
    size_t first = tokens->count > 0 && token_starts(tokens, 0, '[') ? 1 : 0; /* the counters of iptables-save -c */
    if (tokens->count - first < 2 || !(token_is(tokens, first, "-A") || token_is(tokens, first, "--append"))) {
        set->malformed++;
        return;
    }
    uint32_t rule = fw_rule_new(set);
    if (rule == UINT32_MAX)
        return;
    if (!parse_rule(set, rule, tokens, first + 2)) {
        set->rule_count--; /* not kept (its texts stay in the arena, unused) */
        set->malformed++;
        return;
    }
    fw_text_t chain = token_text(set, tokens, first + 1);
    if (!set->failed)
        keep_rule(p, chain, rule);
}

static void add_items(parse_t *p, const char *family)
{
    fw_ruleset_t *set = p->set;
    fw_text_t common[FW_EXTRA_COUNT] = { { 0, 0, 0, 0 } };
    common[FW_EXTRA_FAMILY] = strcmp(family, "ip6") == 0 ? fw_store(set, "ipv6", 4) : fw_store(set, "ipv4", 4);
    common[FW_EXTRA_TABLE] = fw_store(set, "filter", 6);
    for (uint32_t c = 0; c < p->chain_count && !set->failed; c++) {
        chain_t chain = p->chains[c];
        fw_direction_t direction = fw_text_is(set, chain.name, "INPUT") ? FW_DIRECTION_IN
                                 : fw_text_is(set, chain.name, "OUTPUT") ? FW_DIRECTION_OUT : FW_DIRECTION_NONE;
        uint32_t priority = chain_rules_build(&p->rules, set, chain.name, chain.name, direction, common);
        if (!fw_text_is(set, chain.policy, "-"))
            fw_ruleset_add_policy(set, chain.name, priority, direction, common, chain.policy, chain.policy);
    }
}

void iptables_save_parse(fw_ruleset_t *set, const char *text, size_t length, const char *family)
{
    parse_t p = { .set = set };
    tokens_t tokens = { .list = NULL };
    name_index_init(&p.declared, set->allocator);
    chain_rules_init(&p.rules, set);
    buffer_init(&tokens.text, set->allocator);
    size_t position = 0, start, end;
    int in_table = 0, filter = 0;
    while (!set->failed && text_next_line(text, length, &position, &start, &end, TEXT_LINES_LF)) {
        text_trim(text, &start, &end);
        const char *line = text + start;
        size_t n = end - start;
        if (n == 0 || line[0] == '#')
            continue;
        if (line[0] == '*') {
            in_table = 1;
            filter = text_equals(line + 1, n - 1, "filter");
            fw_text_t table = fw_concat(set, family, strlen(family), ' ', line + 1, n - 1);
            if (!set->failed)
                fw_ruleset_add_table(set, table);
            continue;
        }
        if (!in_table) {
            set->malformed++;
            continue;
        }
        if (text_equals(line, n, "COMMIT")) {
            in_table = 0;
            continue;
        }
        if (filter)
            parse_line(&p, &tokens, line, n);
    }
    if (in_table)
        set->malformed++; /* the output ended inside a table (no COMMIT): it was cut short */
    if (!set->failed)
        add_items(&p, family);
    buffer_release(&tokens.text);
    alloc_free(set->allocator, tokens.list);
    alloc_free(set->allocator, p.chains);
    chain_rules_release(&p.rules, set);
    name_index_release(&p.declared);
}
