/* listening_ports_test.c - ListeningPortsCollector over fixtures/linux/ListeningPorts, and live. */
#include "collector_test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

static void listening_ports_lists_listeners_with_owners_of_the_fixture(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "ListeningPorts", FIXTURE("ListeningPorts"));
    assert_int_equal(sa_collector_collect(c), SA_OK);
    char *out = flushed(agent);
    /* established TCP and connected UDP rows are left out; 631, 8080 and 443 have no owner */
    assert_contains(out,
        "\"Payload\":[{\"LocalPort\":\"22\",\"Protocol\":\"tcp\",\"LocalAddress\":\"0.0.0.0\",\"ExtraDetails\":"
        "{\"Executable\":\"/usr/sbin/sshd\",\"Pid\":\"812\"}},{\"LocalPort\":\"631\",\"Protocol\":\"tcp\","
        "\"LocalAddress\":\"127.0.0.1\"},{\"LocalPort\":\"22\",\"Protocol\":\"tcp6\",\"LocalAddress\":\"::\","
        "\"ExtraDetails\":{\"Executable\":\"/usr/sbin/sshd\",\"Pid\":\"812\"}},{\"LocalPort\":\"8080\","
        "\"Protocol\":\"tcp6\",\"LocalAddress\":\"::1\"},{\"LocalPort\":\"443\",\"Protocol\":\"tcp6\","
        "\"LocalAddress\":\"2001:db8::1\"},{\"LocalPort\":\"68\",\"Protocol\":\"udp\",\"LocalAddress\":\"0.0.0.0\","
        "\"ExtraDetails\":{\"Executable\":\"/usr/sbin/dhclient\",\"Pid\":\"640\"}}]");
    /* tcp: the ZZZZ port and the truncated row */
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), 2);
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

static void listening_ports_unreadable_table_fails_missing_one_is_skipped(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "ListeningPorts", FIXTURE("ListeningPorts"));
    refuse(c, "proc/net/tcp6", EACCES);
    assert_int_equal(sa_collector_collect(c), SA_ERR_IO);
    assert_non_null(strstr(sa_collector_last_error(c), "proc/net/tcp6"));
    refuse(c, "proc/net/tcp", ENOENT);
    sa_collector_destroy(c);
    c = new_collector(agent, "ListeningPorts", FIXTURE("ListeningPorts"));
    refuse(c, "proc/812/fd", EACCES); /* sshd is not ours to read: no owner, the rest stays */
    assert_int_equal(sa_collector_collect(c), SA_OK);
    char *out = flushed(agent);
    assert_contains(out, "{\"LocalPort\":\"22\",\"Protocol\":\"tcp\",\"LocalAddress\":\"0.0.0.0\"}");
    assert_contains(out, "\"Pid\":\"640\"");
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

static void listening_ports_live_socket_is_listed_with_this_process(void **state)
{
    (void)state;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t length = sizeof address;
    assert_int_equal(bind(fd, (struct sockaddr *)&address, sizeof address), 0);
    assert_int_equal(listen(fd, 1), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&address, &length), 0);
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "ListeningPorts", "/");
    assert_int_equal(sa_collector_collect(c), SA_OK);
    char *out = flushed(agent), expected[160];
    snprintf(expected, sizeof expected,
             "{\"LocalPort\":\"%u\",\"Protocol\":\"tcp\",\"LocalAddress\":\"127.0.0.1\",\"ExtraDetails\":{",
             (unsigned)ntohs(address.sin_port));
    assert_contains(out, expected);
    snprintf(expected, sizeof expected, "\"Pid\":\"%d\"", (int)getpid());
    assert_contains(out, expected);
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(listening_ports_lists_listeners_with_owners_of_the_fixture),
        cmocka_unit_test(listening_ports_unreadable_table_fails_missing_one_is_skipped),
        cmocka_unit_test(listening_ports_live_socket_is_listed_with_this_process),
    };
    return cmocka_run_group_tests_name("listening_ports", tests, NULL, NULL);
}
