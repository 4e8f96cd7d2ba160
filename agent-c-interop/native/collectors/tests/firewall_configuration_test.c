/* firewall_configuration_test.c - FirewallConfigurationCollector: recorded tool outputs under a
 * root, the tool runner (output cap, timeout, exit status and standard error, reaping), and
 * live as root in a scratch network namespace with an iptables and an nftables rule (the
 * host's own ruleset is never touched). */
#include "collector_test_support.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "firewall_tool.h"

#define FIREWALL_ROOT SA_LINUX_FIXTURES "/FirewallConfiguration"

static sa_collector_t *recorded(sa_agent_t *agent, const char *root)
{
    return new_recorded_collector(agent, "FirewallConfiguration", root);
}

static void firewall_recorded_outputs_in_one_event(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = recorded(agent, FIREWALL_ROOT);
    assert_int_equal(sa_collector_collect(c), SA_OK);
    char *out = flushed(agent);
    assert_contains(out, "{\"Enabled\":true,\"Action\":\"Deny\",\"Priority\":0,\"Direction\":\"In\",\"ChainName\":\"INPUT\","
                         "\"SourceAddress\":\"127.0.0.2/32\",\"DestinationPort\":\"2222\",\"Protocol\":\"tcp\","
                         "\"ExtraDetails\":{\"Comment\":\"a b\",\"Family\":\"ipv4\",\"Table\":\"filter\"}}");
    assert_contains(out, "{\"Enabled\":true,\"Action\":\"Allow\",\"Priority\":0,\"Direction\":\"Out\",\"ChainName\":\"OUTPUT\","
                         "\"DestinationAddress\":\"::1/128\",\"ExtraDetails\":{\"Family\":\"ipv6\",\"Table\":\"filter\"}}");
    /* nft: ip filter and ip6 filter are iptables-nft's (read through iptables-save): only satest */
    assert_contains(out, "\"ChainName\":\"input\",\"SourceAddress\":\"!127.0.0.0/8\",\"DestinationPort\":\"22,8000-8080\"");
    assert_contains(out, "\"Action\":\"Deny\",\"Priority\":3,\"Direction\":\"In\",\"ChainName\":\"input\",\"ExtraDetails\":"
                         "{\"Family\":\"inet\",\"Hook\":\"input\",\"Policy\":\"drop\",\"Table\":\"satest\"}}");
    assert_null(strstr(out, "\"Family\":\"ip\","));
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), 0);
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

/* A scratch root holding the given outputs (NULL: the file is absent). */
static void make_root(char *root, const char *iptables, const char *nft)
{
    strcpy(root, "/tmp/sa-firewall-XXXXXX");
    assert_non_null(mkdtemp(root));
    const char *names[] = { "iptables-save.txt", "nft-ruleset.json" };
    const char *texts[] = { iptables, nft };
    for (int i = 0; i < 2; i++) {
        if (texts[i] == NULL)
            continue;
        char path[128];
        snprintf(path, sizeof path, "%s/%s", root, names[i]);
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(texts[i], f);
        fclose(f);
    }
}

static void remove_root(const char *root)
{
    char path[128];
    snprintf(path, sizeof path, "%s/iptables-save.txt", root);
    unlink(path);
    snprintf(path, sizeof path, "%s/nft-ruleset.json", root);
    unlink(path);
    rmdir(root);
}

static void firewall_bad_nft_fails_the_snapshot_after_counting_iptables(void **state)
{
    (void)state;
    char root[64];
    make_root(root, "garbage\n*filter\n-A INPUT -j ACCEPT\nCOMMIT\n", "{\"nftables\": [{\"table\": ");
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = recorded(agent, root);
    assert_int_equal(sa_collector_collect(c), SA_ERR_IO);
    assert_contains(sa_collector_last_error(c), "FirewallConfiguration: snapshot failed: nft output is not JSON");
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), 1);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_FAILED_SNAPSHOTS), 1);
    char *out = flushed(agent);
    assert_null(strstr(out, "FirewallConfiguration"));
    free(out);
    sa_collector_destroy(c);
    remove_root(root);

    /* nothing installed: an empty snapshot, still submitted */
    make_root(root, NULL, NULL);
    c = recorded(agent, root);
    assert_int_equal(sa_collector_collect(c), SA_OK);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 1);
    sa_collector_destroy(c);
    remove_root(root);

    /* a byte order mark is dropped and invalid UTF-8 replaced, as .NET reads a process's output */
    make_root(root, "\xEF\xBB\xBF*filter\n-A INPUT -m comment --comment \"a\xFF\" -j ACCEPT\nCOMMIT\n",
              "{\"nftables\": {}}");
    c = recorded(agent, root);
    assert_int_equal(sa_collector_collect(c), SA_ERR_IO);
    assert_contains(sa_collector_last_error(c), "nft output has no \"nftables\" array");
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), 0);
    sa_collector_destroy(c);
    remove_root(root);
    make_root(root, "\xEF\xBB\xBF*filter\n-A INPUT -m comment --comment \"a\xFF\" -j ACCEPT\nCOMMIT\n", NULL);
    c = recorded(agent, root);
    assert_int_equal(sa_collector_collect(c), SA_OK);
    out = flushed(agent);
    assert_contains(out, "\"Comment\":\"a\xEF\xBF\xBD\"");
    free(out);
    sa_collector_destroy(c);
    remove_root(root);
    sa_agent_destroy(agent);
}

static void firewall_options_checked(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "FirewallConfiguration", "/");
    assert_int_equal(sa_collector_set_option(c, S("source"), S("firewalld")), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_collector_set_option(c, S("tool_timeout_seconds"), S("0")), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_collector_set_option(c, S("tool_timeout_seconds"), S("301")), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_collector_set_option(c, S("tool_timeout_seconds"), S("300")), SA_OK);
    assert_int_equal(sa_collector_set_option(c, "network_namespace", 17, "a\0b", 3), SA_ERR_INVALID_ARGUMENT);
    char long_name[300];
    memset(long_name, 'n', sizeof long_name);
    assert_int_equal(sa_collector_set_option(c, "network_namespace", 17, long_name, 256), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_collector_set_option(c, "network_namespace", 17, long_name, 255), SA_OK);
    assert_int_equal(sa_collector_set_option(c, S("network_namespace"), S("../x")), SA_OK);
    assert_int_equal(sa_collector_start(c), SA_ERR_INVALID_ARGUMENT);
    assert_contains(sa_collector_last_error(c), "has no '/'");
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

static int no_child_left(void)
{
    return waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD;
}

static sa_allocator_t allocator;

static firewall_tool_result_t shell(const char *script, int timeout, size_t limit, char **output, size_t *length,
                                    char *error, size_t capacity)
{
    firewall_tool_t tool = { NULL, timeout, limit };
    const char *argv[] = { "/bin/sh", "-c", script, NULL };
    return firewall_tool_exec(&tool, &allocator, "sh", argv, output, length, error, capacity);
}

static void tool_runner_output_errors_timeout_and_cap(void **state)
{
    (void)state;
    char *output = NULL, error[256] = "";
    size_t length = 0;
    assert_int_equal(shell("printf 'a\\0b'; echo noise >&2", 5, 1024, &output, &length, error, sizeof error),
                     FIREWALL_TOOL_OK);
    assert_int_equal(length, 3);
    assert_memory_equal(output, "a\0b", 3);
    alloc_free(&allocator, output);
    assert_true(no_child_left());

    assert_int_equal(shell("echo out; echo '  broken  ' >&2; exit 3", 5, 1024, &output, &length, error, sizeof error),
                     FIREWALL_TOOL_FAILED);
    assert_string_equal(error, "sh exited with 3: broken");
    assert_null(output);
    assert_int_equal(shell("kill -9 $$", 5, 1024, &output, &length, error, sizeof error), FIREWALL_TOOL_FAILED);
    assert_string_equal(error, "sh exited with 137: ");
    assert_true(no_child_left());

    /* a child of the tool holding the pipe open is killed with it */
    assert_int_equal(shell("sleep 30 & sleep 30", 1, 1024, &output, &length, error, sizeof error), FIREWALL_TOOL_FAILED);
    assert_string_equal(error, "sh ran longer than 1 s");
    assert_true(no_child_left());

    assert_int_equal(shell("yes", 5, 100000, &output, &length, error, sizeof error), FIREWALL_TOOL_FAILED);
    assert_string_equal(error, "sh wrote more than 100000 bytes");
    assert_true(no_child_left());

    assert_int_equal(shell("exit 0", 5, 1024, &output, &length, error, sizeof error), FIREWALL_TOOL_OK);
    assert_int_equal(length, 0);
    assert_non_null(output);
    alloc_free(&allocator, output);
    firewall_tool_t tool = { NULL, 5, 1024 };
    const char *argv[] = { "/nonexistent/tool", NULL };
    assert_int_equal(firewall_tool_exec(&tool, &allocator, "tool", argv, &output, &length, error, sizeof error),
                     FIREWALL_TOOL_FAILED);
    assert_contains(error, "tool could not be started");
    const char *none[] = { NULL };
    assert_int_equal(firewall_tool_run(&tool, &allocator, "sa-no-such-firewall-tool", none, &output, &length, error,
                                       sizeof error), FIREWALL_TOOL_MISSING);
    char path[256];
    assert_int_equal(firewall_tool_find("sh", path, sizeof path), 0);
    assert_true(strchr(path, '/') != NULL);
    assert_true(no_child_left());
    assert_int_equal(allocator.bytes, 0);
}

static int run(const char *command)
{
    int status = system(command);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void firewall_live_rules_in_a_scratch_namespace(void **state)
{
    (void)state;
    char path[256];
    if (geteuid() != 0 || firewall_tool_find("ip", path, sizeof path) != 0
        || firewall_tool_find("iptables", path, sizeof path) != 0 || firewall_tool_find("nft", path, sizeof path) != 0)
        skip();
    char ns[64], command[1024];
    snprintf(ns, sizeof ns, "sa-fw-c-%d", (int)getpid());
    snprintf(command, sizeof command, "ip netns add %s", ns);
    if (run(command) != 0)
        skip();
    snprintf(command, sizeof command,
             "ip netns exec %s iptables -A INPUT -s 127.0.0.2 -p tcp --dport 2222 -j DROP"
             " && ip netns exec %s iptables -P OUTPUT DROP"
             " && ip netns exec %s nft add table inet satest"
             " && ip netns exec %s nft add chain inet satest out '{ type filter hook output priority 0; policy accept; }'"
             " && ip netns exec %s nft add rule inet satest out ip daddr 127.0.0.3 udp dport 5353 drop",
             ns, ns, ns, ns, ns);
    int added = run(command);
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "FirewallConfiguration", "/");
    assert_int_equal(sa_collector_set_option(c, S("network_namespace"), ns, strlen(ns)), SA_OK);
    sa_status_t status = sa_collector_collect(c);
    char *out = flushed(agent);
    snprintf(command, sizeof command, "ip netns del %s", ns);
    assert_int_equal(run(command), 0);
    assert_int_equal(added, 0);
    if (status != SA_OK)
        fail_msg("%s", sa_collector_last_error(c));
    assert_contains(out, "{\"Enabled\":true,\"Action\":\"Deny\",\"Priority\":0,\"Direction\":\"In\",\"ChainName\":\"INPUT\","
                         "\"SourceAddress\":\"127.0.0.2/32\",\"DestinationPort\":\"2222\",\"Protocol\":\"tcp\"");
    assert_contains(out, "{\"Enabled\":true,\"Action\":\"Deny\",\"Priority\":0,\"Direction\":\"Out\",\"ChainName\":\"OUTPUT\","
                         "\"ExtraDetails\":{\"Family\":\"ipv4\",\"Policy\":\"DROP\",\"Table\":\"filter\"}}");
    assert_contains(out, "{\"Enabled\":true,\"Action\":\"Deny\",\"Priority\":0,\"Direction\":\"Out\",\"ChainName\":\"out\","
                         "\"DestinationAddress\":\"127.0.0.3\",\"DestinationPort\":\"5353\",\"Protocol\":\"udp\"");
    assert_contains(out, "{\"Enabled\":true,\"Action\":\"Allow\",\"Priority\":1,\"Direction\":\"Out\",\"ChainName\":\"out\","
                         "\"ExtraDetails\":{\"Family\":\"inet\",\"Hook\":\"output\",\"Policy\":\"accept\",\"Table\":\"satest\"}}");
    /* iptables-nft's own table is read through iptables-save only */
    assert_null(strstr(out, "\"Family\":\"ip\","));
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(firewall_recorded_outputs_in_one_event),
        cmocka_unit_test(firewall_bad_nft_fails_the_snapshot_after_counting_iptables),
        cmocka_unit_test(firewall_options_checked),
        cmocka_unit_test(tool_runner_output_errors_timeout_and_cap),
        cmocka_unit_test(firewall_live_rules_in_a_scratch_namespace),
    };
    return cmocka_run_group_tests_name("firewall_configuration", tests, NULL, NULL);
}
