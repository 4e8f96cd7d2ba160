/* firewall_parsers_test.c - the FirewallConfiguration parsers (iptables-save text, nft JSON)
 * and PortText over fixtures/linux/FirewallConfiguration and hostile input: huge lines, NULs,
 * invalid UTF-8 (repaired before parsing, as the collector does), deep nesting, duplicate
 * chains, memory running out. */
#include "collector_test_support.h"

#include "firewall_rule.h"
#include "iptables_save_parser.h"
#include "nftables_json_parser.h"

#define FIREWALL_FIXTURE(name) SA_LINUX_FIXTURES "/FirewallConfiguration/" name

static sa_allocator_t allocator;

/* A text of the set, as "-" when unset (null in C#). */
static const char *text_of(const fw_ruleset_t *set, fw_text_t t, char *out, size_t capacity)
{
    snprintf(out, capacity, "%.*s", t.set ? (int)t.length : 1, t.set ? fw_text_data(set, t) : "-");
    return out;
}

/* Item i's extra `key`, as text_of writes it. */
static const char *extra(const fw_ruleset_t *set, uint32_t item, fw_extra_t key, char *out, size_t capacity)
{
    return text_of(set, set->rules[set->items[item].rule].extras[key], out, capacity);
}

/* "chain/priority/action" of every item, joined by spaces. */
static const char *summary(const fw_ruleset_t *set, char *out, size_t capacity)
{
    static const char *const actions[] = { "Allow", "Deny", "Other" };
    size_t n = 0;
    out[0] = 0;
    for (uint32_t i = 0; i < set->item_count && n < capacity; i++) {
        const fw_item_t *item = &set->items[i];
        n += (size_t)snprintf(out + n, capacity - n, "%s%.*s/%u/%s", i ? " " : "", (int)item->chain.length,
                              fw_text_data(set, item->chain), item->priority, actions[set->rules[item->rule].action]);
    }
    return out;
}

static void iptables_fixture_chains_in_order_policies_last(void **state)
{
    (void)state;
    size_t length;
    char *text = read_whole_file(FIREWALL_FIXTURE("iptables-save.txt"), &length);
    fw_ruleset_t set;
    char a[512], b[128];
    fw_ruleset_init(&set, &allocator);
    iptables_save_parse(&set, text, length, "ip");
    assert_false(set.failed);
    assert_int_equal(set.malformed, 0);
    assert_string_equal(summary(&set, a, sizeof a),
                        "INPUT/0/Deny INPUT/1/Deny INPUT/2/Allow FORWARD/0/Deny OUTPUT/0/Allow MYCHAIN/0/Other");
    assert_int_equal(set.table_count, 1);
    assert_string_equal(text_of(&set, set.tables[0], b, sizeof b), "ip filter");
    const fw_rule_t *second = &set.rules[set.items[1].rule];
    assert_string_equal(text_of(&set, second->source_address, b, sizeof b), "!127.0.0.3/32");
    assert_string_equal(text_of(&set, second->destination_port, b, sizeof b), "53,1000-2000");
    assert_string_equal(extra(&set, 1, FW_EXTRA_MATCHES, b, sizeof b), "-m conntrack --ctstate NEW");
    assert_string_equal(extra(&set, 1, FW_EXTRA_TARGET_OPTIONS, b, sizeof b), "--reject-with icmp-port-unreachable");
    assert_string_equal(extra(&set, 0, FW_EXTRA_COMMENT, b, sizeof b), "a b");
    assert_string_equal(extra(&set, 5, FW_EXTRA_TARGET, b, sizeof b), "RETURN");
    assert_int_equal(set.items[0].direction, FW_DIRECTION_IN);
    assert_int_equal(set.items[3].direction, FW_DIRECTION_NONE);
    fw_ruleset_release(&set);
    free(text);
}

static void iptables_malformed_lines_counted_good_rules_kept(void **state)
{
    (void)state;
    size_t length;
    char *text = read_whole_file(FIREWALL_FIXTURE("iptables-save-malformed.txt"), &length);
    fw_ruleset_t set;
    char a[512], b[128];
    fw_ruleset_init(&set, &allocator);
    iptables_save_parse(&set, text, length, "ip");
    /* the rule before *filter, "garbage", the cut --dport, no COMMIT */
    assert_int_equal(set.malformed, 4);
    assert_string_equal(summary(&set, a, sizeof a), "INPUT/0/Allow INPUT/1/Deny OUTPUT/0/Other OUTPUT/1/Allow OUTPUT/2/Allow");
    const fw_rule_t *first = &set.rules[set.items[0].rule];
    assert_string_equal(text_of(&set, first->source_port, b, sizeof b), "1024-65535");
    assert_string_equal(extra(&set, 2, FW_EXTRA_TARGET_OPTIONS, b, sizeof b), "--log-prefix \"x \"y\"\"");
    assert_string_equal(extra(&set, 2, FW_EXTRA_MATCHES, b, sizeof b), "-m owner --uid-owner 0");
    assert_string_equal(extra(&set, 3, FW_EXTRA_DESTINATION_PORT, b, sizeof b), "!80");
    fw_ruleset_release(&set);
    free(text);
}

static void iptables_hostile_input_never_crashes(void **state)
{
    (void)state;
    /* one line of 2 MiB of options, NULs inside tokens, an unclosed quote, a chain used before
     * its declaration (listed twice, as the C# parser lists it) */
    size_t size = 2u << 20, n = 0;
    char *text = malloc(size + 4096);
    assert_non_null(text);
    n += (size_t)sprintf(text + n, "*filter\n-A LATE -j ACCEPT\n:LATE DROP [0:0]\n-A INPUT");
    while (n < size)
        n += (size_t)sprintf(text + n, " -m m%zu --o%zu", n % 7, n);
    n += (size_t)sprintf(text + n, " -j ACCEPT\n-A INPUT -s 1.2.3.4");
    text[n++] = 0;
    n += (size_t)sprintf(text + n, "x -m comment --comment \"a");
    text[n++] = 0;
    n += (size_t)sprintf(text + n, "b -j LOG --log-prefix \"unclosed\nCOMMIT\n");
    fw_ruleset_t set;
    char a[512], b[64];
    fw_ruleset_init(&set, &allocator);
    iptables_save_parse(&set, text, n, "ip6");
    assert_false(set.failed);
    assert_int_equal(set.malformed, 0);
    assert_string_equal(summary(&set, a, sizeof a), "LATE/0/Allow LATE/0/Allow LATE/1/Deny INPUT/0/Allow INPUT/1/Other");
    fw_text_t address = set.rules[set.items[4].rule].source_address;
    assert_int_equal(address.length, 9);
    assert_memory_equal(fw_text_data(&set, address), "1.2.3.4\0x", 9);
    assert_true(set.rules[set.items[3].rule].extras[FW_EXTRA_MATCHES].length > size / 2);
    assert_string_equal(extra(&set, 0, FW_EXTRA_FAMILY, b, sizeof b), "ipv6");
    fw_ruleset_release(&set);

    /* every prefix of a small save cut anywhere: no crash, a count or a rule */
    static const char save[] = "*filter\n:INPUT DROP [0:0]\n-A INPUT ! -s 1.2.3.4 -p tcp --dport 22 -m comment "
                               "--comment \"x \\\" y\" -j ACCEPT\nCOMMIT\n";
    for (size_t cut = 0; cut <= sizeof save - 1; cut++) {
        fw_ruleset_init(&set, &allocator);
        iptables_save_parse(&set, save, cut, "ip");
        assert_false(set.failed);
        assert_true(set.item_count + set.malformed > 0 || cut < 9);
        fw_ruleset_release(&set);
    }
    free(text);
}

static void nft_fixture_every_chain_rules_then_policy(void **state)
{
    (void)state;
    size_t length, offset;
    const char *error;
    char *text = read_whole_file(FIREWALL_FIXTURE("nft-ruleset.json"), &length);
    fw_ruleset_t set;
    char a[512], b[256];
    fw_ruleset_init(&set, &allocator);
    assert_int_equal(nftables_json_parse(&set, text, length, &error, &offset), 0);
    assert_int_equal(set.malformed, 0);
    assert_string_equal(summary(&set, a, sizeof a),
                        "INPUT/0/Deny INPUT/1/Deny INPUT/2/Allow MYCHAIN/0/Other FORWARD/0/Deny OUTPUT/0/Allow "
                        "OUTPUT/1/Allow input/0/Allow input/1/Deny input/2/Other input/3/Deny");
    const fw_rule_t *inet = &set.rules[set.items[7].rule];
    assert_string_equal(text_of(&set, inet->source_address, b, sizeof b), "!127.0.0.0/8");
    assert_string_equal(text_of(&set, inet->destination_port, b, sizeof b), "22,8000-8080");
    assert_string_equal(extra(&set, 7, FW_EXTRA_MATCHES, b, sizeof b),
                        "{\"match\": {\"op\": \"in\", \"left\": {\"ct\": {\"key\": \"state\"}}, \"right\": \"new\"}}");
    assert_string_equal(extra(&set, 9, FW_EXTRA_VERDICT, b, sizeof b), "jump");
    assert_string_equal(extra(&set, 10, FW_EXTRA_POLICY, b, sizeof b), "drop");
    assert_string_equal(extra(&set, 10, FW_EXTRA_HOOK, b, sizeof b), "input");
    fw_ruleset_release(&set);

    /* the tables iptables-nft owns are left out */
    fw_ruleset_init(&set, &allocator);
    fw_ruleset_add_table(&set, fw_store(&set, "ip filter", 9));
    fw_ruleset_add_table(&set, fw_store(&set, "ip6 filter", 10));
    assert_int_equal(nftables_json_parse(&set, text, length, &error, &offset), 0);
    assert_string_equal(summary(&set, a, sizeof a), "input/0/Allow input/1/Deny input/2/Other input/3/Deny");
    fw_ruleset_release(&set);
    free(text);
}

static void nft_malformed_counted_truncated_fails(void **state)
{
    (void)state;
    size_t length, offset;
    const char *error;
    char *text = read_whole_file(FIREWALL_FIXTURE("nft-malformed.json"), &length);
    fw_ruleset_t set;
    char a[512], b[64];
    fw_ruleset_init(&set, &allocator);
    assert_int_equal(nftables_json_parse(&set, text, length, &error, &offset), 0);
    assert_int_equal(set.malformed, 3);
    assert_string_equal(summary(&set, a, sizeof a), "c/0/Allow c/1/Allow");
    assert_false(set.rules[set.items[0].rule].destination_port.set);
    assert_string_equal(extra(&set, 0, FW_EXTRA_DESTINATION_PORT, b, sizeof b), "ssh");
    assert_int_equal(set.items[0].direction, FW_DIRECTION_OUT);
    fw_ruleset_release(&set);
    free(text);

    text = read_whole_file(FIREWALL_FIXTURE("nft-truncated.json"), &length);
    for (size_t cut = 0; cut <= length; cut += 7) {
        fw_ruleset_init(&set, &allocator);
        assert_int_equal(nftables_json_parse(&set, text, cut, &error, &offset), -1);
        assert_non_null(error);
        assert_int_equal(set.item_count, 0);
        fw_ruleset_release(&set);
    }
    free(text);
    static const char *const not_nft[] = { "", "{\"x\":1}", "[1]", "{\"nftables\":{}}", "{\"nftables\":[]} x",
                                           "{\"nftables\":[\"\0\"]}" };
    for (size_t i = 0; i < sizeof not_nft / sizeof not_nft[0]; i++) {
        fw_ruleset_init(&set, &allocator);
        assert_int_equal(nftables_json_parse(&set, not_nft[i], i == 5 ? 17 : strlen(not_nft[i]), &error, &offset), -1);
        fw_ruleset_release(&set);
    }
}

/* An nft document whose rule holds an expression of `arrays` nested arrays (arrays + 6 containers). */
static char *nested(int arrays, size_t *length)
{
    char *text = malloc(4096);
    assert_non_null(text);
    int n = sprintf(text, "{\"nftables\":[{\"chain\":{\"family\":\"ip\",\"table\":\"x\",\"name\":\"c\"}},{\"rule\":"
                          "{\"family\":\"ip\",\"table\":\"x\",\"chain\":\"c\",\"expr\":[{\"deep\":");
    for (int i = 0; i < arrays; i++)
        text[n++] = '[';
    text[n++] = '1';
    for (int i = 0; i < arrays; i++)
        text[n++] = ']';
    n += sprintf(text + n, "}]}}]}");
    *length = (size_t)n;
    return text;
}

static void nft_depth_bounded_as_system_text_json(void **state)
{
    (void)state;
    size_t length, offset;
    const char *error;
    fw_ruleset_t set;
    char *text = nested(58, &length); /* 64 containers: JsonDocument's default bound */
    fw_ruleset_init(&set, &allocator);
    assert_int_equal(nftables_json_parse(&set, text, length, &error, &offset), 0);
    assert_int_equal(set.item_count, 1);
    assert_true(set.rules[0].extras[FW_EXTRA_MATCHES].length > 116);
    fw_ruleset_release(&set);
    free(text);
    text = nested(59, &length);
    fw_ruleset_init(&set, &allocator);
    assert_int_equal(nftables_json_parse(&set, text, length, &error, &offset), -1);
    assert_string_equal(error, "nested too deeply");
    fw_ruleset_release(&set);
    free(text);
    text = nested(1000, &length);
    fw_ruleset_init(&set, &allocator);
    assert_int_equal(nftables_json_parse(&set, text, length, &error, &offset), -1);
    fw_ruleset_release(&set);
    free(text);
}

static void nft_memory_running_out_is_reported(void **state)
{
    (void)state;
    size_t length, offset;
    const char *error;
    char *text = read_whole_file(FIREWALL_FIXTURE("nft-ruleset.json"), &length);
    int failures = 0;
    for (size_t n = 1; n < 400; n++) {
        sa_allocator_t limited = { 0 };
        limited.fail_after = n;
        fw_ruleset_t set;
        fw_ruleset_init(&set, &limited);
        int result = nftables_json_parse(&set, text, length, &error, &offset);
        assert_true(result == 0 || result == -2);
        if (result == -2) {
            assert_true(set.failed);
            failures++;
        } else {
            assert_int_equal(set.item_count, 11);
        }
        iptables_save_parse(&set, "*filter\n-A INPUT -j ACCEPT\nCOMMIT\n", 34, "ip");
        fw_ruleset_release(&set);
        assert_int_equal(limited.bytes, 0);
    }
    assert_true(failures > 0);
    free(text);
}

static void port_text_schema_form(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        { "22", "22" }, { "1000:2000", "1000-2000" }, { "1000-2000", "1000-2000" }, { "22,80,1000:2000", "22,80,1000-2000" },
        { "0022", "22" }, { "65535", "65535" }, { "65536", NULL }, { "ssh", NULL }, { "", NULL }, { "1:2:3", NULL },
        { "1,", NULL }, { ",1", NULL }, { "+1", NULL }, { " 1", NULL }, { "1-", NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fw_ruleset_t set;
        fw_text_t out;
        char b[64];
        fw_ruleset_init(&set, &allocator);
        int ok = fw_port_normalize(&set, cases[i].in, strlen(cases[i].in), &out);
        if (cases[i].out == NULL)
            assert_false(ok);
        else
            assert_string_equal(text_of(&set, out, b, sizeof b), cases[i].out);
        fw_ruleset_release(&set);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(iptables_fixture_chains_in_order_policies_last),
        cmocka_unit_test(iptables_malformed_lines_counted_good_rules_kept),
        cmocka_unit_test(iptables_hostile_input_never_crashes),
        cmocka_unit_test(nft_fixture_every_chain_rules_then_policy),
        cmocka_unit_test(nft_malformed_counted_truncated_fails),
        cmocka_unit_test(nft_depth_bounded_as_system_text_json),
        cmocka_unit_test(nft_memory_running_out_is_reported),
        cmocka_unit_test(port_text_schema_form),
    };
    return cmocka_run_group_tests_name("firewall_parsers", tests, NULL, NULL);
}
