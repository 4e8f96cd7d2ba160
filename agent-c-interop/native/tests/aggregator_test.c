/* aggregator_test.c - merging by identity key, the window, the cap, disabling. */
#include <stdio.h>

#include "test_support.h"

static void submit(sa_agent_t *agent, const char *command_line, int64_t pid)
{
    sa_event_t *e = process_create(agent, command_line, pid);
    assert_int_equal(sa_agent_submit(agent, e), SA_OK);
    sa_event_destroy(e);
}

static void aggregator_merges_equal_keys_and_flushes_at_the_interval(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"eventPriorityDroppedEventsStatistics\":{\"value\":\"Off\"},"
        "\"eventPriorityMessageStatistics\":{\"value\":\"Off\"},\"eventPriorityProcessCreate\":{\"value\":\"High\"}}")),
        SA_OK);
    submit(agent, "curl a", 10);
    submit(agent, "curl b", 11);
    submit(agent, "curl a", 12);
    submit(agent, "curl a", 13);
    assert_int_equal(counter(agent, SA_COUNTER_COLLECTED_EVENTS, SA_QUEUE_ALL), 0);
    size_t ready = 0;
    assert_int_equal(sa_agent_tick(agent, T0 + 3600000, &ready, NULL), SA_OK);
    assert_int_equal(ready, 1);
    expect_message(agent,
        "{\"AgentVersion\":\"1.2.0\",\"AgentId\":\"" AGENT_ID "\",\"MessageSchemaVersion\":\"1.0\",\"Events\":["
        "{\"EventType\":\"Security\",\"Category\":\"Aggregated\",\"Name\":\"ProcessCreate\",\"IsEmpty\":false,"
        "\"PayloadSchemaVersion\":\"1.0\",\"Id\":\"00000000-0000-4000-8000-000000000001\","
        "\"TimestampLocal\":\"2024-03-05T10:15:02.123+00:00\",\"TimestampUTC\":\"2024-03-05T10:15:02.123Z\","
        "\"Payload\":[{\"Executable\":\"/usr/bin/curl\",\"ProcessId\":0,\"ParentProcessId\":0,\"UserId\":\"1000\","
        "\"CommandLine\":\"curl a\",\"ExtraDetails\":{\"EndTimeLocal\":\"2024-03-05T10:15:02.123+00:00\","
        "\"EndTimeUtc\":\"2024-03-05T10:15:02.123Z\",\"HitCount\":\"3\",\"StartTimeLocal\":"
        "\"2024-03-05T09:15:02.123+00:00\",\"StartTimeUtc\":\"2024-03-05T09:15:02.123Z\"}}]},"
        "{\"EventType\":\"Security\",\"Category\":\"Aggregated\",\"Name\":\"ProcessCreate\",\"IsEmpty\":false,"
        "\"PayloadSchemaVersion\":\"1.0\",\"Id\":\"00000000-0000-4000-8000-000000000002\","
        "\"TimestampLocal\":\"2024-03-05T10:15:02.123+00:00\",\"TimestampUTC\":\"2024-03-05T10:15:02.123Z\","
        "\"Payload\":[{\"Executable\":\"/usr/bin/curl\",\"ProcessId\":0,\"ParentProcessId\":0,\"UserId\":\"1000\","
        "\"CommandLine\":\"curl b\",\"ExtraDetails\":{\"EndTimeLocal\":\"2024-03-05T10:15:02.123+00:00\","
        "\"EndTimeUtc\":\"2024-03-05T10:15:02.123Z\",\"HitCount\":\"1\",\"StartTimeLocal\":"
        "\"2024-03-05T09:15:02.123+00:00\",\"StartTimeUtc\":\"2024-03-05T09:15:02.123Z\"}}]}]}");
    sa_agent_destroy(agent);
}

static void aggregator_connection_keys_by_direction_and_stars_the_varying_port(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    for (int i = 0; i < 3; i++) {
        sa_event_t *e = NULL;
        char port[8] = {'4', '0', (char)('0' + i), 0};
        assert_int_equal(sa_event_create(agent, S("ConnectionCreate"), &e), SA_OK);
        assert_int_equal(sa_event_set_string(e, S("RemoteAddress"), S("192.0.2.1")), SA_OK);
        assert_int_equal(sa_event_set_string(e, S("RemotePort"), port, 3), SA_OK);
        assert_int_equal(sa_event_set_string(e, S("LocalPort"), S("22")), SA_OK);
        assert_int_equal(sa_event_set_string(e, S("Direction"), S("In")), SA_OK);
        assert_int_equal(sa_event_set_string(e, S("Protocol"), S("tcp")), SA_OK);
        assert_int_equal(sa_event_set_integer(e, S("ProcessId"), 100 + i), SA_OK);
        assert_int_equal(sa_event_set_string(e, S("Executable"), S("/usr/sbin/sshd")), SA_OK);
        assert_int_equal(sa_agent_submit(agent, e), SA_OK);
        sa_event_destroy(e);
    }
    assert_int_equal(sa_agent_tick(agent, T0 + 3600000, NULL, NULL), SA_OK);
    assert_int_equal(counter(agent, SA_COUNTER_COLLECTED_EVENTS, SA_QUEUE_LOW), 1);
    assert_int_equal(sa_agent_tick(agent, T0 + 5 * 3600000, NULL, NULL), SA_OK);
    const char *body;
    size_t length;
    assert_int_equal(sa_agent_take_message(agent, &body, &length, NULL), SA_OK);
    if (strstr(body, "ConnectionCreate") == NULL)
        assert_int_equal(sa_agent_take_message(agent, &body, &length, NULL), SA_OK);
    assert_non_null(strstr(body, "\"Payload\":[{\"RemoteAddress\":\"192.0.2.1\",\"RemotePort\":\"*\",\"Direction\":"
                                 "\"In\",\"Protocol\":\"tcp\",\"ProcessId\":0,\"Executable\":\"/usr/sbin/sshd\","
                                 "\"LocalPort\":\"22\",\"ExtraDetails\":{"));
    assert_non_null(strstr(body, "\"HitCount\":\"3\""));
    sa_agent_destroy(agent);
}

static void aggregator_cap_flushes_early_and_loses_nothing(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"aggregationMaxDistinctKeys\":{\"value\":16}}")), SA_OK);
    char line[16];
    for (int i = 0; i < 40; i++) {
        int n = snprintf(line, sizeof line, "cmd %d", i);
        (void)n;
        submit(agent, line, i);
    }
    /* 16 + 16 flushed early; 8 pending */
    assert_int_equal(counter(agent, SA_COUNTER_COLLECTED_EVENTS, SA_QUEUE_LOW), 32);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"aggregationEnabledProcessCreate\":{\"value\":false}}")), SA_OK);
    assert_int_equal(counter(agent, SA_COUNTER_COLLECTED_EVENTS, SA_QUEUE_LOW), 40);
    submit(agent, "direct", 1);
    assert_int_equal(counter(agent, SA_COUNTER_COLLECTED_EVENTS, SA_QUEUE_LOW), 41);
    sa_agent_destroy(agent);
}

/* core-rules section 3: switching aggregation back on starts a new window at core time */
static void aggregator_enabled_again_starts_a_new_window(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"aggregationEnabledProcessCreate\":{\"value\":false}}")), SA_OK);
    assert_int_equal(sa_agent_tick(agent, T0 + 20 * 60000, NULL, NULL), SA_OK);
    assert_int_equal(sa_agent_apply_twin(agent, S("{}")), SA_OK);
    submit(agent, "curl a", 10);
    size_t ready = 0;
    assert_int_equal(sa_agent_flush_all(agent, &ready), SA_OK);
    const char *body;
    size_t length;
    int found = 0;
    while (sa_agent_take_message(agent, &body, &length, NULL) == SA_OK)
        found += strstr(body, "\"StartTimeUtc\":\"2024-03-05T09:35:02.123Z\"") != NULL;
    assert_int_equal(found, 1);
    sa_agent_destroy(agent);
}

static void aggregator_survives_allocation_failures(void **state)
{
    (void)state;
    for (size_t limit = 40000; limit < 60000; limit += 512) {
        sa_options_t *options = NULL;
        sa_agent_t *agent = NULL;
        assert_int_equal(sa_options_create(&options), SA_OK);
        assert_int_equal(sa_options_set_memory_limit(options, limit), SA_OK);
        sa_status_t status = sa_agent_create(options, T0, &agent);
        sa_options_destroy(options);
        if (status != SA_OK)
            continue;
        char line[32];
        for (int i = 0; i < 200; i++) {
            snprintf(line, sizeof line, "command number %d", i);
            sa_event_t *e = NULL;
            if (sa_event_create(agent, S("ProcessCreate"), &e) != SA_OK)
                continue;
            sa_event_set_string(e, S("Executable"), S("/bin/x"));
            sa_event_set_integer(e, S("ProcessId"), i);
            sa_event_set_integer(e, S("ParentProcessId"), 1);
            sa_event_set_string(e, S("UserId"), S("0"));
            sa_event_set_string(e, S("CommandLine"), line, strlen(line));
            sa_status_t s = sa_agent_submit(agent, e);
            assert_true(s == SA_OK || s == SA_ERR_NO_MEMORY || s == SA_ERR_MISSING_FIELD);
            sa_event_destroy(e);
        }
        assert_int_equal(sa_agent_tick(agent, T0 + 86400000, NULL, NULL), SA_OK);
        assert_true(counter(agent, SA_COUNTER_HEAP_BYTES, SA_QUEUE_ALL) <= limit);
        sa_agent_destroy(agent);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(aggregator_merges_equal_keys_and_flushes_at_the_interval),
        cmocka_unit_test(aggregator_connection_keys_by_direction_and_stars_the_varying_port),
        cmocka_unit_test(aggregator_cap_flushes_early_and_loses_nothing),
        cmocka_unit_test(aggregator_enabled_again_starts_a_new_window),
        cmocka_unit_test(aggregator_survives_allocation_failures),
    };
    return cmocka_run_group_tests_name("aggregator", tests, NULL, NULL);
}
