/* event_queue_test.c - shared budget, eviction order, oversize drops, snapshot splitting. */
#include "test_support.h"

static void submit_process(sa_agent_t *agent, size_t command_length, int64_t pid)
{
    char line[5000];
    memset(line, 'c', command_length);
    line[command_length] = '\0';
    sa_event_t *e = process_create(agent, line, pid);
    assert_int_equal(sa_agent_submit(agent, e), SA_OK);
    sa_event_destroy(e);
}

static void invariant_holds(sa_agent_t *agent)
{
    for (int q = 0; q <= SA_QUEUE_ALL; q++) {
        uint64_t collected = counter(agent, SA_COUNTER_COLLECTED_EVENTS, (sa_queue_t)q);
        assert_int_equal(collected, counter(agent, SA_COUNTER_SENT_EVENTS, (sa_queue_t)q) +
                                        counter(agent, SA_COUNTER_DROPPED_EVENTS, (sa_queue_t)q) +
                                        counter(agent, SA_COUNTER_QUEUED_EVENTS, (sa_queue_t)q));
    }
}

static void event_queue_evicts_oldest_low_for_high(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"maxLocalCacheSizeInBytes\":{\"value\":8192},"
        "\"maxMessageSizeInBytes\":{\"value\":8192},\"aggregationEnabledProcessCreate\":{\"value\":false},"
        "\"eventPriorityConnectionCreate\":{\"value\":\"High\"}}")), SA_OK);
    /* no ConfigurationError: 8192 is a multiple of 4096 and not larger than the cache */
    assert_int_equal(counter(agent, SA_COUNTER_QUEUED_EVENTS, SA_QUEUE_ALL), 0);
    for (int i = 0; i < 4; i++)
        submit_process(agent, 1500, i); /* ~1.9 KB each, Low */
    assert_int_equal(counter(agent, SA_COUNTER_QUEUED_EVENTS, SA_QUEUE_LOW), 4);
    submit_process(agent, 1500, 9);
    assert_int_equal(counter(agent, SA_COUNTER_DROPPED_EVENTS, SA_QUEUE_LOW), 1);
    assert_int_equal(counter(agent, SA_COUNTER_QUEUED_EVENTS, SA_QUEUE_LOW), 4);
    invariant_holds(agent);
    sa_agent_destroy(agent);
}

static void event_queue_drops_an_event_bigger_than_a_message(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"maxMessageSizeInBytes\":{\"value\":8192},"
        "\"aggregationEnabledProcessCreate\":{\"value\":false}}")), SA_OK);
    sa_event_t *e = process_create(agent, "x", 1);
    char value[1024];
    memset(value, 'v', sizeof value);
    for (int i = 0; i < 10; i++) {
        char key[8] = {'k', (char)('0' + i), 0};
        assert_int_equal(sa_event_add_detail(e, key, 2, value, sizeof value), SA_OK);
    }
    assert_int_equal(sa_agent_submit(agent, e), SA_OK);
    sa_event_destroy(e);
    assert_int_equal(counter(agent, SA_COUNTER_COLLECTED_EVENTS, SA_QUEUE_LOW), 1);
    assert_int_equal(counter(agent, SA_COUNTER_DROPPED_EVENTS, SA_QUEUE_LOW), 1);
    invariant_holds(agent);
    sa_agent_destroy(agent);
}

static void event_queue_splits_a_big_snapshot_into_parts(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"maxMessageSizeInBytes\":{\"value\":8192}}")), SA_OK);
    sa_event_t *e = NULL;
    assert_int_equal(sa_event_create(agent, S("LocalUsers"), &e), SA_OK);
    char groups[900];
    memset(groups, 'g', sizeof groups);
    for (int i = 0; i < 20; i++) {
        if (i > 0)
            assert_int_equal(sa_event_add_item(e), SA_OK);
        assert_int_equal(sa_event_set_string(e, S("UserName"), S("user")), SA_OK);
        assert_int_equal(sa_event_set_string(e, S("UserId"), S("1000")), SA_OK);
        assert_int_equal(sa_event_set_string(e, S("GroupNames"), groups, sizeof groups), SA_OK);
        assert_int_equal(sa_event_set_string(e, S("GroupIds"), S("1000")), SA_OK);
    }
    assert_int_equal(sa_agent_submit(agent, e), SA_OK);
    sa_event_destroy(e);
    uint64_t parts = counter(agent, SA_COUNTER_QUEUED_EVENTS, SA_QUEUE_HIGH);
    assert_int_equal(parts, 3); /* 8 + 8 + 4 items of ~960 bytes */
    size_t ready = 0;
    assert_int_equal(sa_agent_tick(agent, T0 + 7 * 60000, &ready, NULL), SA_OK);
    assert_true(ready >= 3);
    const char *body;
    size_t length;
    int seen = 0;
    while (sa_agent_take_message(agent, &body, &length, NULL) == SA_OK) {
        assert_true(length <= 8192);
        seen++;
    }
    assert_int_equal(seen, (int)ready);
    invariant_holds(agent);
    sa_agent_destroy(agent);
}

static void event_queue_off_priority_is_dropped_by_the_router(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"eventPriorityProcessCreate\":{\"value\":\"Off\"}}")), SA_OK);
    submit_process(agent, 10, 1);
    assert_int_equal(counter(agent, SA_COUNTER_ROUTER_DROPPED_EVENTS, SA_QUEUE_ALL), 1);
    assert_int_equal(counter(agent, SA_COUNTER_COLLECTED_EVENTS, SA_QUEUE_ALL), 0);
    uint64_t v;
    assert_int_equal(sa_agent_get_counter(agent, SA_COUNTER_QUEUED_EVENTS, (sa_queue_t)7, &v), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_agent_get_counter(agent, (sa_counter_t)99, SA_QUEUE_ALL, &v), SA_ERR_INVALID_ARGUMENT);
    sa_agent_destroy(agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(event_queue_evicts_oldest_low_for_high),
        cmocka_unit_test(event_queue_drops_an_event_bigger_than_a_message),
        cmocka_unit_test(event_queue_splits_a_big_snapshot_into_parts),
        cmocka_unit_test(event_queue_off_priority_is_dropped_by_the_router),
    };
    return cmocka_run_group_tests_name("event_queue", tests, NULL, NULL);
}
