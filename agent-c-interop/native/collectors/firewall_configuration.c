/* firewall_configuration.c - FirewallConfigurationCollector: the firewall rules in evaluation
 * order, from iptables (iptables-save, ip6tables-save: the filter table) and nftables
 * (nft -j list ruleset), whichever the host has; with both, the nftables tables iptables-nft
 * owns are read through iptables only. A built-in (base) chain's policy is its last rule. The
 * tools run without a shell (firewall_tool.h) and need CAP_NET_ADMIN; none installed gives an
 * empty snapshot. Source "recorded" reads their outputs from files under the collector's root
 * instead (iptables-save.txt, ip6tables-save.txt, nft-ruleset.json; a missing file is a tool
 * not installed), for the conformance suite and tests. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "collector.h"
#include "firewall_rule.h"
#include "firewall_tool.h"
#include "iptables_save_parser.h"
#include "nftables_json_parser.h"
#include "utf8.h"

/* A tool's output beyond this is a failed snapshot (the C# agent reads it whole); the JSON
 * reader takes at most 16 MiB too. */
#define OUTPUT_LIMIT (16u << 20)

enum { SOURCE_AUTO, SOURCE_IPTABLES, SOURCE_NFTABLES, SOURCE_RECORDED };
static const char *const source_names[] = { "auto", "iptables", "nftables", "recorded", NULL };

typedef struct firewall_configuration {
    int64_t source;
    int64_t tool_timeout_seconds;
    char network_namespace[256];
} firewall_configuration_t;

static const collector_option_t options[] = {
    { "source", "auto, iptables, nftables or recorded", source_names, SOURCE_AUTO, 0, 3,
      offsetof(firewall_configuration_t, source) },
    { "network_namespace", "a named network namespace (ip netns), at most 255 bytes", COLLECTOR_TEXT_OPTION, 0, 0,
      sizeof ((firewall_configuration_t *)0)->network_namespace, offsetof(firewall_configuration_t, network_namespace) },
    { "tool_timeout_seconds", "1 to 300", NULL, 15, 1, 300, offsetof(firewall_configuration_t, tool_timeout_seconds) },
};

static sa_status_t init(sa_collector_t *c)
{
    firewall_configuration_t *f = c->context;
    if (strchr(f->network_namespace, '/') != NULL)
        return collector_fail(c, SA_ERR_INVALID_ARGUMENT,
                              "FirewallConfiguration: a network namespace name is not empty and has no '/'");
    return SA_OK;
}

typedef struct tool_run {
    const char *tool, *file;
    const char *const *arguments;
} tool_run_t;

/* One tool's output, decoded as .NET decodes a process's output (a UTF-8 byte order mark
 * dropped, invalid sequences replaced by U+FFFD) into text. FIREWALL_TOOL_* as the runner. */
static int read_output(sa_collector_t *c, const tool_run_t *run, sa_buffer_t *text, char *error, size_t capacity)
{
    firewall_configuration_t *f = c->context;
    char *raw = NULL;
    size_t length = 0;
    int result;
    if (f->source == SOURCE_RECORDED) {
        int read = os_source_read_all(&c->os, c->allocator, run->file, OUTPUT_LIMIT, &raw, &length);
        if (read == -ENOENT || read == -ENOTDIR)
            return FIREWALL_TOOL_MISSING;
        if (read == -ENOMEM)
            return FIREWALL_TOOL_NO_MEMORY;
        if (read != 0) {
            snprintf(error, capacity, "%s: %s", run->file, strerror(-read));
            return FIREWALL_TOOL_FAILED;
        }
        result = FIREWALL_TOOL_OK;
    } else {
        firewall_tool_t tool = { f->network_namespace, (int)f->tool_timeout_seconds, OUTPUT_LIMIT };
        result = firewall_tool_run(&tool, c->allocator, run->tool, run->arguments, &raw, &length, error, capacity);
        if (result != FIREWALL_TOOL_OK)
            return result;
    }
    size_t skip = length >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    buffer_clear(text);
    utf8_append_repaired(text, raw + skip, length - skip, SIZE_MAX / 2);
    buffer_terminate(text);
    alloc_free(c->allocator, raw);
    return text->failed ? FIREWALL_TOOL_NO_MEMORY : FIREWALL_TOOL_OK;
}

static sa_status_t add_items(sa_collector_t *c, const fw_ruleset_t *set)
{
    static const char *const actions[] = { "Allow", "Deny", "Other" };
    sa_status_t status = collector_begin(c, "FirewallConfiguration");
    for (uint32_t i = 0; i < set->item_count && status == SA_OK; i++) {
        const fw_item_t *item = &set->items[i];
        const fw_rule_t *rule = &set->rules[item->rule];
        if (i > 0)
            status = sa_event_add_item(c->event);
        if (status == SA_OK)
            status = sa_event_set_boolean(c->event, "Enabled", 7, 1);
        if (status == SA_OK)
            status = collector_set_text(c, "Action", actions[rule->action], strlen(actions[rule->action]));
        if (status == SA_OK)
            status = collector_set_int(c, "Priority", item->priority);
        if (status == SA_OK && item->direction != FW_DIRECTION_NONE)
            status = collector_set_text(c, "Direction", item->direction == FW_DIRECTION_IN ? "In" : "Out",
                                        item->direction == FW_DIRECTION_IN ? 2 : 3);
        if (status == SA_OK)
            status = collector_set_text(c, "ChainName", fw_text_data(set, item->chain), item->chain.length);
        const struct { const char *field; fw_text_t text; } fields[] = {
            { "SourceAddress", rule->source_address }, { "SourcePort", rule->source_port },
            { "DestinationAddress", rule->destination_address }, { "DestinationPort", rule->destination_port },
            { "Protocol", rule->protocol },
        };
        for (size_t k = 0; k < sizeof fields / sizeof fields[0] && status == SA_OK; k++)
            if (fields[k].text.set)
                status = collector_set_text(c, fields[k].field, fw_text_data(set, fields[k].text), fields[k].text.length);
        for (int k = 0; k < FW_EXTRA_COUNT && status == SA_OK; k++)
            if (rule->extras[k].set)
                status = collector_set_detail(c, fw_extra_names[k], fw_text_data(set, rule->extras[k]), rule->extras[k].length);
    }
    if (status != SA_OK)
        return collector_fail(c, status, "FirewallConfiguration: the event could not be built");
    return collector_submit(c);
}

static sa_status_t collect(sa_collector_t *c)
{
    firewall_configuration_t *f = c->context;
    static const char *const no_arguments[] = { NULL };
    static const char *const nft_arguments[] = { "-j", "list", "ruleset", NULL };
    static const tool_run_t iptables[] = {
        { "iptables-save", "iptables-save.txt", no_arguments },
        { "ip6tables-save", "ip6tables-save.txt", no_arguments },
    };
    static const tool_run_t nft = { "nft", "nft-ruleset.json", nft_arguments };
    static const char *const families[] = { "ip", "ip6" };
    char error[200];
    fw_ruleset_t set;
    sa_buffer_t text;
    sa_status_t status = SA_OK;
    int result = FIREWALL_TOOL_OK;
    fw_ruleset_init(&set, c->allocator);
    buffer_init(&text, c->allocator);
    for (size_t t = 0; t < 2 && f->source != SOURCE_NFTABLES; t++) {
        result = read_output(c, &iptables[t], &text, error, sizeof error);
        if (result == FIREWALL_TOOL_MISSING)
            continue;
        if (result != FIREWALL_TOOL_OK)
            goto failed;
        uint64_t before = set.malformed;
        iptables_save_parse(&set, text.data, text.length, families[t]);
        if (set.failed)
            goto no_memory;
        c->counters[SA_COLLECTOR_MALFORMED] += set.malformed - before;
    }
    if (f->source != SOURCE_IPTABLES) {
        result = read_output(c, &nft, &text, error, sizeof error);
        if (result != FIREWALL_TOOL_MISSING) {
            if (result != FIREWALL_TOOL_OK)
                goto failed;
            uint64_t before = set.malformed;
            const char *reason = NULL;
            size_t offset = 0;
            int parsed = nftables_json_parse(&set, text.data, text.length, &reason, &offset);
            if (parsed == -2 || set.failed)
                goto no_memory;
            if (parsed != 0) {
                if (strcmp(reason, "no \"nftables\" array") == 0)
                    snprintf(error, sizeof error, "nft output has no \"nftables\" array");
                else
                    snprintf(error, sizeof error, "nft output is not JSON: %s at byte %zu", reason, offset);
                result = FIREWALL_TOOL_FAILED;
                goto failed;
            }
            c->counters[SA_COLLECTOR_MALFORMED] += set.malformed - before;
        }
    }
    status = add_items(c, &set);
    goto done;

no_memory:
    result = FIREWALL_TOOL_NO_MEMORY;
    snprintf(error, sizeof error, "out of memory");
failed:
    status = collector_fail(c, result == FIREWALL_TOOL_NO_MEMORY ? SA_ERR_NO_MEMORY : SA_ERR_IO,
                            "FirewallConfiguration: snapshot failed: %s", error);
done:
    buffer_release(&text);
    fw_ruleset_release(&set);
    return status;
}

const collector_descriptor_t firewall_configuration_descriptor = {
    .name = "FirewallConfiguration",
    .help = "the iptables and nftables rules in evaluation order (iptables-save, ip6tables-save, nft -j)",
    .options = options,
    .option_count = sizeof options / sizeof options[0],
    .context_size = sizeof(firewall_configuration_t),
    .periodic = 1,
    .init = init,
    .collect = collect,
    .feed = NULL,
    .exit = NULL,
};
