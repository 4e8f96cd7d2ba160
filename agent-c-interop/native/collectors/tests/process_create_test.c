/* process_create_test.c - ProcessCreateCollector: the recorded proc connector stream of
 * fixtures/linux/ProcessCreate, malformed and truncated datagrams, options, and live (the proc
 * connector as root; /proc polling anywhere): a short process's exec and exit. */
#include "collector_test_support.h"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc_connector_parser.h"

static size_t read_recording(uint8_t *buffer, size_t capacity)
{
    FILE *f = fopen(SA_LINUX_FIXTURES "/ProcessCreate/proc-connector.bin", "rb");
    assert_non_null(f);
    size_t n = fread(buffer, 1, capacity, f);
    fclose(f);
    return n;
}

static sa_collector_t *recorded(sa_agent_t *agent)
{
    return new_recorded_collector(agent, "ProcessCreate", FIXTURE("ProcessCreate"));
}

static void process_create_replays_the_recorded_stream(void **state)
{
    (void)state;
    uint8_t bytes[4096];
    size_t n = read_recording(bytes, sizeof bytes);
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = recorded(agent);
    assert_int_equal(sa_collector_is_periodic(c), 0);
    assert_int_equal(sa_collector_feed(c, bytes, n), SA_OK);
    char *out = flushed(agent);
    assert_contains(out, "\"Payload\":[{\"Executable\":\"/usr/bin/dash\",\"ProcessId\":26670,\"ParentProcessId\":26619,"
                         "\"UserId\":\"1000\",\"CommandLine\":\"/bin/sh -c /bin/true; exit 3\",\"UserName\":\"operator\"}]");
    /* /bin/true exited before /proc was read: its parent from the fork event */
    assert_contains(out, "\"Payload\":[{\"Executable\":\"[unknown]\",\"ProcessId\":26671,\"ParentProcessId\":26670,"
                         "\"UserId\":\"0\",\"CommandLine\":\"\",\"ExtraDetails\":{\"Incomplete\":"
                         "\"exited before /proc was read\"}}]");
    assert_contains(out, "\"Payload\":[{\"Executable\":\"[unknown]\",\"ProcessId\":26671,\"ExitStatus\":0}]");
    assert_contains(out, "\"Payload\":[{\"Executable\":\"/usr/bin/dash\",\"ProcessId\":26670,\"ExitStatus\":3}]");
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 4);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_INCOMPLETE), 1);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), 0);
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

static void process_create_counts_truncated_and_malformed_datagrams(void **state)
{
    (void)state;
    uint8_t bytes[4096];
    size_t n = read_recording(bytes, sizeof bytes);
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = recorded(agent);
    /* every prefix of the recording: a cut message is counted, never read past its end */
    for (size_t cut = 0; cut < n; cut += 7)
        assert_int_equal(sa_collector_feed(c, bytes, cut), SA_OK);
    uint64_t cut_malformed = collector_counter(c, SA_COLLECTOR_MALFORMED);
    assert_true(cut_malformed > 0);
    /* a length beyond the datagram, a length under the header, a foreign connector index */
    uint8_t bad[64] = { 0 };
    bad[0] = 200;
    assert_int_equal(sa_collector_feed(c, bad, sizeof bad), SA_OK);
    bad[0] = 8;
    assert_int_equal(sa_collector_feed(c, bad, sizeof bad), SA_OK);
    memcpy(bad, bytes, 52);
    bad[16] = 9;
    assert_int_equal(sa_collector_feed(c, bad, 52), SA_OK);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), cut_malformed + 3);
    free(flushed(agent));
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

static void process_create_thread_events_are_ignored(void **state)
{
    (void)state;
    proc_event_t thread_exit = { PROC_EVENT_EXIT, 5001, 5000, 1, 0 };
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = recorded(agent);
    assert_int_equal(sa_collector_start(c), SA_OK);
    uint8_t message[76] = { 0 };
    uint32_t length = sizeof message, index = 1, what = PROC_EVENT_EXIT;
    uint16_t data = 40;
    memcpy(message, &length, 4);
    memcpy(message + 16, &index, 4);
    memcpy(message + 32, &data, 2);
    memcpy(message + 36, &what, 4);
    memcpy(message + 52, &thread_exit.pid, 4);
    memcpy(message + 56, &thread_exit.tgid, 4);
    assert_int_equal(sa_collector_feed(c, message, sizeof message), SA_OK);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 0);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

static void process_create_options_are_checked(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "ProcessCreate", FIXTURE("ProcessCreate"));
    assert_int_equal(sa_collector_set_option(c, S("source"), S("carrier-pigeon")), SA_ERR_INVALID_ARGUMENT);
    assert_non_null(strstr(sa_collector_last_error(c), "source"));
    assert_int_equal(sa_collector_set_option(c, S("receive_buffer_bytes"), S("1024")), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_collector_set_option(c, S("polling_interval_ms"), S("100")), SA_OK);
    assert_int_equal(sa_collector_set_option(c, S("no_such_key"), S("1")), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_collector_set_option(c, S("source"), S("recorded")), SA_OK);
    assert_int_equal(sa_collector_start(c), SA_OK);
    assert_int_equal(sa_collector_set_option(c, S("source"), S("polling")), SA_ERR_INVALID_STATE);
    sa_collector_destroy(c);
    sa_collector_t *snapshot = new_collector(agent, "LocalUsers", FIXTURE("LocalUsers"));
    assert_int_equal(sa_collector_feed(snapshot, "x", 1), SA_ERR_INVALID_STATE);
    sa_collector_destroy(snapshot);
    sa_collector_t *none = NULL;
    assert_int_equal(sa_collector_create(agent, S("NoSuchCollector"), S("/"), &none), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_collector_create(agent, S("LocalUsers"), S("relative"), &none), SA_ERR_INVALID_ARGUMENT);
    const char *name = NULL;
    assert_int_equal(sa_collector_name_at(3, &name), SA_OK);
    assert_string_equal(name, "ProcessCreate");
    assert_int_equal(sa_collector_name_at(4, &name), SA_OK);
    assert_string_equal(name, "OSBaseline");
    assert_int_equal(sa_collector_name_at(5, &name), SA_OK);
    assert_string_equal(name, "ConnectionCreate");
    assert_int_equal(sa_collector_name_at(6, &name), SA_OK);
    assert_string_equal(name, "Login");
    assert_int_equal(sa_collector_name_at(7, &name), SA_OK);
    assert_string_equal(name, "FirewallConfiguration");
    assert_int_equal(sa_collector_name_at(8, &name), SA_ERR_EMPTY);
    sa_agent_destroy(agent);
}

/* Runs `sh -c 'exit 7'` and collects until its exit shows up (or 10 s pass). */
static void run_short_process(sa_agent_t *agent, sa_collector_t *c, int sleep_ms)
{
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        if (sleep_ms > 0) {
            struct timespec pause = { 0, (long)sleep_ms * 1000000L };
            nanosleep(&pause, NULL);
        }
        execl("/bin/sh", "sh", "-c", sleep_ms > 0 ? "sleep 1; exit 7" : "exit 7", (char *)NULL);
        _exit(127);
    }
    int status = 0, reaped = 0, seen = 0;
    char expected[96];
    snprintf(expected, sizeof expected, "\"ProcessId\":%d,\"ExitStatus\":", (int)child);
    for (int i = 0; i < 100; i++) {
        if (!reaped && waitpid(child, &status, WNOHANG) == child) {
            reaped = 1;
            assert_int_equal(WEXITSTATUS(status), 7);
        }
        assert_int_equal(sa_collector_collect(c), SA_OK);
        size_t ready;
        assert_int_equal(sa_agent_flush_all(agent, &ready), SA_OK);
        const char *body;
        size_t length;
        sa_queue_t priority;
        while (sa_agent_take_message(agent, &body, &length, &priority) == SA_OK)
            seen |= strstr(body, expected) != NULL;
        if (reaped && seen)
            return;
        struct timespec pause = { 0, 100000000L };
        nanosleep(&pause, NULL);
    }
    fail_msg("no ProcessTerminate for %d", (int)child);
}

static void process_create_live_proc_connector_sees_exec_and_exit(void **state)
{
    (void)state;
#ifdef SA_EMULATED
    skip();
#endif
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = started_proc_connector(agent);
    assert_true(sa_collector_fd(c) >= 0);
    run_short_process(agent, c, 0);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

static void process_create_live_polling_sees_a_process_that_outlives_the_interval(void **state)
{
    (void)state;
#ifdef SA_EMULATED
    skip();
#endif
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "ProcessCreate", "/");
    assert_int_equal(sa_collector_set_option(c, S("source"), S("polling")), SA_OK);
    assert_int_equal(sa_collector_set_option(c, S("polling_interval_ms"), S("100")), SA_OK);
    assert_int_equal(sa_collector_start(c), SA_OK);
    assert_int_equal(sa_collector_fd(c), -1);
    run_short_process(agent, c, 1);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(process_create_replays_the_recorded_stream),
        cmocka_unit_test(process_create_counts_truncated_and_malformed_datagrams),
        cmocka_unit_test(process_create_thread_events_are_ignored),
        cmocka_unit_test(process_create_options_are_checked),
        cmocka_unit_test(process_create_live_proc_connector_sees_exec_and_exit),
        cmocka_unit_test(process_create_live_polling_sees_a_process_that_outlives_the_interval),
    };
    return cmocka_run_group_tests_name("process_create", tests, NULL, NULL);
}
