/* scheduler_test.c - Tick: message bytes end to end, statistics, heartbeat, size trigger. */
#include "test_support.h"

static void login(sa_agent_t *agent, int64_t time)
{
    sa_event_t *e = NULL;
    assert_int_equal(sa_event_create(agent, S("Login"), &e), SA_OK);
    assert_int_equal(sa_event_set_timestamp(e, time), SA_OK);
    assert_int_equal(sa_event_set_integer(e, S("ProcessId"), 7), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("Operation"), S("login")), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("Executable"), S("/bin/login")), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("Result"), S("Success")), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("UserName"), S("root")), SA_OK);
    assert_int_equal(sa_agent_submit(agent, e), SA_OK);
    sa_event_destroy(e);
}

static void scheduler_first_tick_is_a_snapshot_and_high_send_is_byte_exact(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(60);
    size_t ready = 99;
    int snapshot = 0;
    assert_int_equal(sa_agent_tick(agent, T0, &ready, &snapshot), SA_OK);
    assert_int_equal(snapshot, 1);
    assert_int_equal(ready, 0);
    login(agent, T0 + 1000);
    assert_int_equal(sa_agent_tick(agent, T0 + 60000, &ready, &snapshot), SA_OK);
    assert_int_equal(snapshot, 0);
    assert_int_equal(ready, 0);
    assert_int_equal(sa_agent_tick(agent, T0 + 7 * 60000, &ready, &snapshot), SA_OK);
    assert_int_equal(ready, 1);
    expect_message(agent,
        "{\"AgentVersion\":\"1.2.0\",\"AgentId\":\"" AGENT_ID "\",\"MessageSchemaVersion\":\"1.0\",\"Events\":["
        "{\"EventType\":\"Operational\",\"Category\":\"Periodic\",\"Name\":\"DroppedEventsStatistics\","
        "\"IsEmpty\":false,\"PayloadSchemaVersion\":\"1.0\",\"Id\":\"00000000-0000-4000-8000-000000000001\","
        "\"TimestampLocal\":\"2024-03-05T10:15:02.123+01:00\",\"TimestampUTC\":\"2024-03-05T09:15:02.123Z\","
        "\"Payload\":[{\"Queue\":\"High\",\"CollectedEvents\":0,\"DroppedEvents\":0},{\"Queue\":\"Low\","
        "\"CollectedEvents\":0,\"DroppedEvents\":0},{\"Queue\":\"Operational\",\"CollectedEvents\":0,"
        "\"DroppedEvents\":0}]},"
        "{\"EventType\":\"Operational\",\"Category\":\"Periodic\",\"Name\":\"MessageStatistics\",\"IsEmpty\":false,"
        "\"PayloadSchemaVersion\":\"1.0\",\"Id\":\"00000000-0000-4000-8000-000000000002\","
        "\"TimestampLocal\":\"2024-03-05T10:15:02.123+01:00\",\"TimestampUTC\":\"2024-03-05T09:15:02.123Z\","
        "\"Payload\":[{\"MessagesSent\":0,\"MessagesUnder4KB\":0,\"TotalFailed\":0}]},"
        "{\"EventType\":\"Security\",\"Category\":\"Triggered\",\"Name\":\"Login\",\"IsEmpty\":false,"
        "\"PayloadSchemaVersion\":\"1.0\",\"Id\":\"00000000-0000-4000-8000-000000000003\","
        "\"TimestampLocal\":\"2024-03-05T10:15:03.123+01:00\",\"TimestampUTC\":\"2024-03-05T09:15:03.123Z\","
        "\"Payload\":[{\"ProcessId\":7,\"Operation\":\"login\",\"Executable\":\"/bin/login\",\"Result\":\"Success\","
        "\"UserName\":\"root\"}]}]}");
    const char *body;
    size_t length;
    assert_int_equal(sa_agent_take_message(agent, &body, &length, NULL), SA_ERR_EMPTY);
    assert_int_equal(counter(agent, SA_COUNTER_MESSAGES_SENT, SA_QUEUE_ALL), 1);
    assert_int_equal(counter(agent, SA_COUNTER_SENT_EVENTS, SA_QUEUE_ALL), 3);
    sa_agent_destroy(agent);
}

static void scheduler_statistics_count_since_previous_report(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"snapshotFrequency\":{\"value\":\"PT1H\"},"
        "\"eventPriorityLogin\":{\"value\":\"Low\"}}")), SA_OK);
    assert_int_equal(sa_agent_tick(agent, T0, NULL, NULL), SA_OK);
    login(agent, T0);
    login(agent, T0);
    assert_int_equal(sa_agent_record_send_failure(agent), SA_OK);
    size_t ready = 0;
    int snapshot = 0;
    assert_int_equal(sa_agent_tick(agent, T0 + 3600000, &ready, &snapshot), SA_OK);
    assert_int_equal(snapshot, 1);
    assert_true(ready >= 1);
    const char *body;
    size_t length;
    assert_int_equal(sa_agent_take_message(agent, &body, &length, NULL), SA_OK);
    assert_non_null(strstr(body, "{\"Queue\":\"Low\",\"CollectedEvents\":2,\"DroppedEvents\":0},"
                                 "{\"Queue\":\"Operational\",\"CollectedEvents\":2,\"DroppedEvents\":0}"));
    assert_non_null(strstr(body, "\"TotalFailed\":1"));
    sa_agent_destroy(agent);
}

/* core-rules section 7: a statistics event switched Off keeps counting until it is reported again */
static void scheduler_statistics_off_keep_counting_until_reported(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"eventPriorityMessageStatistics\":{\"value\":\"Off\"},"
        "\"snapshotFrequency\":{\"value\":\"PT1H\"}}")), SA_OK);
    login(agent, T0);
    assert_int_equal(sa_agent_flush_all(agent, NULL), SA_OK); /* message 1 */
    assert_int_equal(sa_agent_tick(agent, T0, NULL, NULL), SA_OK); /* snapshot with MessageStatistics Off */
    assert_int_equal(sa_agent_flush_all(agent, NULL), SA_OK); /* message 2: DroppedEventsStatistics */
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"snapshotFrequency\":{\"value\":\"PT1H\"}}")), SA_OK);
    assert_int_equal(sa_agent_tick(agent, T0 + 3600000, NULL, NULL), SA_OK);
    assert_int_equal(sa_agent_flush_all(agent, NULL), SA_OK);
    const char *body;
    size_t length;
    int found = 0;
    while (sa_agent_take_message(agent, &body, &length, NULL) == SA_OK)
        found += strstr(body, "{\"MessagesSent\":2,\"MessagesUnder4KB\":2,\"TotalFailed\":0}") != NULL;
    assert_int_equal(found, 1);
    sa_agent_destroy(agent);
}

/* core-rules section 5: an event over the largest event (the twin lowered the limit) is dropped
 * where it is met, and the events behind it still go into the same message */
static void scheduler_oversize_event_behind_the_head_does_not_end_the_message(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    login(agent, T0);
    sa_event_t *e = NULL;
    assert_int_equal(sa_event_create(agent, S("ListeningPorts"), &e), SA_OK);
    for (int i = 0; i < 400; i++) {
        if (i > 0)
            assert_int_equal(sa_event_add_item(e), SA_OK);
        assert_int_equal(sa_event_set_string(e, S("LocalPort"), S("8080")), SA_OK);
        assert_int_equal(sa_event_set_string(e, S("Protocol"), S("tcp")), SA_OK);
    }
    assert_int_equal(sa_agent_submit(agent, e), SA_OK);
    sa_event_destroy(e);
    login(agent, T0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"maxMessageSizeInBytes\":{\"value\":8192}}")), SA_OK);
    size_t ready = 0;
    assert_int_equal(sa_agent_flush_all(agent, &ready), SA_OK);
    assert_int_equal(ready, 1);
    const char *body;
    size_t length;
    assert_int_equal(sa_agent_take_message(agent, &body, &length, NULL), SA_OK);
    assert_non_null(strstr(strstr(body, "\"Name\":\"Login\"") + 1, "\"Name\":\"Login\""));
    assert_null(strstr(body, "ListeningPorts"));
    assert_int_equal(counter(agent, SA_COUNTER_DROPPED_EVENTS, SA_QUEUE_HIGH), 1);
    sa_agent_destroy(agent);
}

static void scheduler_heartbeat_when_enabled(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"eventPriorityHeartbeat\":{\"value\":\"high\"},"
        "\"eventPriorityDroppedEventsStatistics\":{\"value\":\"Off\"},"
        "\"eventPriorityMessageStatistics\":{\"value\":\"Off\"}}")), SA_OK);
    assert_int_equal(sa_agent_set_connected(agent, 1), SA_OK);
    assert_int_equal(sa_agent_tick(agent, T0 + 15 * 60000 + 999, NULL, NULL), SA_OK);
    const char *body;
    size_t length;
    assert_int_equal(sa_agent_take_message(agent, &body, &length, NULL), SA_OK);
    assert_non_null(strstr(body, "\"Name\":\"Heartbeat\""));
    assert_non_null(strstr(body, "[{\"UptimeInSeconds\":900,\"ConnectionState\":\"Connected\",\"QueuedEvents\":0}]"));
    assert_int_equal(counter(agent, SA_COUNTER_ROUTER_DROPPED_EVENTS, SA_QUEUE_ALL), 2);
    sa_agent_destroy(agent);
}

static void scheduler_size_trigger_sends_before_the_interval(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"maxMessageSizeInBytes\":{\"value\":8192},"
        "\"eventPriorityProcessCreate\":{\"value\":\"Low\"},\"aggregationEnabledProcessCreate\":{\"value\":false}}")),
        SA_OK);
    assert_int_equal(sa_agent_tick(agent, T0, NULL, NULL), SA_OK);
    char line[600];
    memset(line, 'a', sizeof line - 1);
    line[sizeof line - 1] = '\0';
    for (int i = 0; i < 20; i++) {
        sa_event_t *e = process_create(agent, line, i);
        assert_int_equal(sa_agent_submit(agent, e), SA_OK);
        sa_event_destroy(e);
    }
    size_t ready = 0;
    assert_int_equal(sa_agent_tick(agent, T0 + 1000, &ready, NULL), SA_OK);
    assert_true(ready >= 1);
    const char *body;
    size_t length;
    sa_queue_t priority;
    assert_int_equal(sa_agent_take_message(agent, &body, &length, &priority), SA_OK);
    assert_true(length <= 8192);
    assert_true(length > 8192 - 1000);
    assert_int_equal(priority, SA_QUEUE_HIGH);
    uint64_t collected = counter(agent, SA_COUNTER_COLLECTED_EVENTS, SA_QUEUE_ALL);
    uint64_t sum = counter(agent, SA_COUNTER_SENT_EVENTS, SA_QUEUE_ALL) +
                   counter(agent, SA_COUNTER_DROPPED_EVENTS, SA_QUEUE_ALL) +
                   counter(agent, SA_COUNTER_QUEUED_EVENTS, SA_QUEUE_ALL);
    assert_int_equal(collected, sum);
    sa_agent_destroy(agent);
}

static void scheduler_diagnostic_logs_respect_minimum_severity(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_submit_log(agent, 1, S("ignored"), 1, 2, NULL, 0), SA_OK);
    assert_int_equal(counter(agent, SA_COUNTER_COLLECTED_EVENTS, SA_QUEUE_ALL), 0);
    assert_int_equal(sa_agent_submit_log(agent, 3, S("disk \"full\""), 10, 11, S(AGENT_ID)), SA_OK);
    assert_int_equal(counter(agent, SA_COUNTER_QUEUED_EVENTS, SA_QUEUE_LOW), 1);
    assert_int_equal(sa_agent_submit_log(agent, 9, S("x"), 1, 1, NULL, 0), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_agent_tick(agent, T0 + 5 * 3600000, NULL, NULL), SA_OK);
    const char *body;
    size_t length;
    assert_int_equal(sa_agent_take_message(agent, &body, &length, NULL), SA_OK);
    assert_non_null(strstr(body, "[{\"Severity\":\"Error\",\"Message\":\"disk \\\"full\\\"\",\"ProcessId\":10,"
                                 "\"ThreadId\":11,\"CorrelationId\":\"" AGENT_ID "\"}]"));
    sa_agent_destroy(agent);
}

static void scheduler_time_never_goes_backwards(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_tick(agent, T0 + 5000, NULL, NULL), SA_OK);
    assert_int_equal(sa_agent_tick(agent, T0, NULL, NULL), SA_OK);
    assert_int_equal(sa_agent_submit_log(agent, 4, S("late"), 1, 1, NULL, 0), SA_OK);
    assert_int_equal(sa_agent_tick(agent, T0 + 5 * 3600000, NULL, NULL), SA_OK);
    const char *body;
    size_t length;
    assert_int_equal(sa_agent_take_message(agent, &body, &length, NULL), SA_OK);
    assert_non_null(strstr(body, "\"TimestampUTC\":\"2024-03-05T09:15:07.123Z\",\"Payload\":[{\"Severity\":\"Fatal\""));
    assert_int_equal(sa_agent_tick(NULL, T0, NULL, NULL), SA_ERR_INVALID_ARGUMENT);
    sa_agent_destroy(agent);
}

static void submit_ls(sa_agent_t *agent, int64_t time)
{
    sa_event_t *e = NULL;
    assert_int_equal(sa_event_create(agent, S("ProcessCreate"), &e), SA_OK);
    assert_int_equal(sa_event_set_timestamp(e, time), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("Executable"), S("/bin/ls")), SA_OK);
    assert_int_equal(sa_event_set_integer(e, S("ProcessId"), 10), SA_OK);
    assert_int_equal(sa_event_set_integer(e, S("ParentProcessId"), 1), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("UserId"), S("0")), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("CommandLine"), S("ls")), SA_OK);
    assert_int_equal(sa_agent_submit(agent, e), SA_OK);
    sa_event_destroy(e);
}

static void scheduler_flush_all_flushes_aggregators_and_drains_every_queue(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"eventPriorityLogin\":{\"value\":\"High\"},\"eventPriorityProcessCreate\":{\"value\":\"Low\"},"
        "\"aggregationEnabledProcessCreate\":{\"value\":true}}")), SA_OK);
    login(agent, T0);
    submit_ls(agent, T0);
    submit_ls(agent, T0);
    size_t ready = 99;
    assert_int_equal(sa_agent_flush_all(agent, &ready), SA_OK);
    assert_int_equal(ready, 1); /* the Low ProcessCreate rides along on the High path */
    const char *body;
    size_t length;
    sa_queue_t priority = SA_QUEUE_ALL;
    assert_int_equal(sa_agent_take_message(agent, &body, &length, &priority), SA_OK);
    assert_int_equal(priority, SA_QUEUE_HIGH);
    assert_non_null(strstr(body, "\"Category\":\"Aggregated\",\"Name\":\"ProcessCreate\""));
    assert_non_null(strstr(body, "\"HitCount\":\"2\""));
    assert_non_null(strstr(body, "\"Name\":\"Login\""));
    assert_int_equal(sa_agent_take_message(agent, &body, &length, &priority), SA_ERR_EMPTY);
    assert_int_equal(counter(agent, SA_COUNTER_QUEUED_EVENTS, SA_QUEUE_ALL), 0);
    assert_int_equal(sa_agent_flush_all(agent, &ready), SA_OK);
    assert_int_equal(ready, 0);
    assert_int_equal(sa_agent_flush_all(NULL, &ready), SA_ERR_INVALID_ARGUMENT);
    sa_agent_destroy(agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scheduler_first_tick_is_a_snapshot_and_high_send_is_byte_exact),
        cmocka_unit_test(scheduler_statistics_count_since_previous_report),
        cmocka_unit_test(scheduler_heartbeat_when_enabled),
        cmocka_unit_test(scheduler_size_trigger_sends_before_the_interval),
        cmocka_unit_test(scheduler_diagnostic_logs_respect_minimum_severity),
        cmocka_unit_test(scheduler_time_never_goes_backwards),
        cmocka_unit_test(scheduler_flush_all_flushes_aggregators_and_drains_every_queue),
        cmocka_unit_test(scheduler_statistics_off_keep_counting_until_reported),
        cmocka_unit_test(scheduler_oversize_event_behind_the_head_does_not_end_the_message),
    };
    return cmocka_run_group_tests_name("scheduler", tests, NULL, NULL);
}
