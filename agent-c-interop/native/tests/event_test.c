/* event_test.c - event models, setters and the canonical serialization of one event. */
#include "test_support.h"

static void event_serializes_in_schema_order_whatever_the_set_order(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(60);
    sa_event_t *e = NULL;
    const char *json;
    size_t length;
    assert_int_equal(sa_event_create(agent, S("ProcessCreate"), &e), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("UserName"), S("alice")), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("CommandLine"), S("curl -s \"x\"")), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("UserId"), S("1000")), SA_OK);
    assert_int_equal(sa_event_set_integer(e, S("ParentProcessId"), 1), SA_OK);
    assert_int_equal(sa_event_set_integer(e, S("ProcessId"), 4242), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("Executable"), S("/usr/bin/curl")), SA_OK);
    assert_int_equal(sa_event_add_detail(e, S("Zeta"), S("z")), SA_OK);
    assert_int_equal(sa_event_add_detail(e, S("Hash"), S("")), SA_OK);
    assert_int_equal(sa_event_add_detail(e, S("HitCountX"), S("1")), SA_OK);
    assert_int_equal(sa_event_add_detail(e, S("Hash"), S("ab")), SA_OK);
    assert_int_equal(sa_event_to_json(e, &json, &length), SA_OK);
    assert_string_equal(json,
        "{\"EventType\":\"Security\",\"Category\":\"Triggered\",\"Name\":\"ProcessCreate\",\"IsEmpty\":false,"
        "\"PayloadSchemaVersion\":\"1.0\",\"Id\":\"00000000-0000-0000-0000-000000000000\","
        "\"TimestampLocal\":\"2024-03-05T10:15:02.123+01:00\",\"TimestampUTC\":\"2024-03-05T09:15:02.123Z\","
        "\"Payload\":[{\"Executable\":\"/usr/bin/curl\",\"ProcessId\":4242,\"ParentProcessId\":1,\"UserId\":\"1000\","
        "\"CommandLine\":\"curl -s \\\"x\\\"\",\"UserName\":\"alice\","
        "\"ExtraDetails\":{\"Hash\":\"\",\"HitCountX\":\"1\",\"Zeta\":\"z\"}}]}");
    assert_int_equal(length, strlen(json));
    sa_event_destroy(e);
    sa_agent_destroy(agent);
}

static void event_rejects_unknown_names_fields_and_types(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    sa_event_t *e = NULL;
    assert_int_equal(sa_event_create(agent, S("NoSuchEvent"), &e), SA_ERR_UNKNOWN_EVENT);
    assert_null(e);
    assert_string_equal(sa_agent_last_error(agent), "unknown event name");
    assert_int_equal(sa_event_create(agent, S("Login"), &e), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("Nope"), S("x")), SA_ERR_UNKNOWN_FIELD);
    assert_int_equal(sa_event_set_string(e, S("ProcessId"), S("x")), SA_ERR_FIELD_TYPE);
    assert_int_equal(sa_event_set_integer(e, S("Operation"), 1), SA_ERR_FIELD_TYPE);
    assert_int_equal(sa_event_set_boolean(e, S("Operation"), 1), SA_ERR_FIELD_TYPE);
    assert_int_equal(sa_event_add_item(e), SA_ERR_INVALID_STATE);
    assert_int_equal(sa_event_add_detail(e, "", 0, S("x")), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_event_set_timestamp(e, -1), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_event_reset(e, S("Bogus")), SA_ERR_UNKNOWN_EVENT);
    assert_int_equal(sa_event_set_string(NULL, S("x"), S("x")), SA_ERR_INVALID_ARGUMENT);
    sa_event_destroy(e);
    sa_event_destroy(NULL);
    sa_agent_destroy(agent);
}

static void event_submit_requires_every_required_field(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    sa_event_t *e = NULL;
    assert_int_equal(sa_event_create(agent, S("Login"), &e), SA_OK);
    assert_int_equal(sa_event_set_integer(e, S("ProcessId"), 7), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("Operation"), S("login")), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("Executable"), S("/bin/login")), SA_OK);
    assert_int_equal(sa_agent_submit(agent, e), SA_ERR_MISSING_FIELD);
    assert_string_equal(sa_agent_last_error(agent), "required field Result is missing");
    assert_int_equal(sa_event_set_string(e, S("Result"), S("Success")), SA_OK);
    assert_int_equal(sa_agent_submit(agent, e), SA_ERR_MISSING_FIELD);
    assert_string_equal(sa_agent_last_error(agent), "required field UserId or UserName is missing");
    assert_int_equal(sa_event_set_string(e, S("UserName"), S("root")), SA_OK);
    assert_int_equal(sa_agent_submit(agent, e), SA_OK);
    assert_int_equal(counter(agent, SA_COUNTER_QUEUED_EVENTS, SA_QUEUE_HIGH), 1);
    sa_event_destroy(e);
    sa_agent_destroy(agent);
}

static void event_periodic_snapshot_has_many_items_and_empty_is_empty(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    sa_event_t *e = NULL;
    const char *json;
    size_t length;
    assert_int_equal(sa_event_create(agent, S("ListeningPorts"), &e), SA_OK);
    assert_int_equal(sa_event_to_json(e, &json, &length), SA_OK);
    assert_non_null(strstr(json, "\"Category\":\"Periodic\",\"Name\":\"ListeningPorts\",\"IsEmpty\":true"));
    assert_non_null(strstr(json, "\"Payload\":[]}"));
    assert_int_equal(sa_event_set_string(e, S("LocalPort"), S("22")), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("Protocol"), S("tcp")), SA_OK);
    assert_int_equal(sa_event_add_item(e), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("Protocol"), S("udp")), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("LocalPort"), S("53")), SA_OK);
    assert_int_equal(sa_event_to_json(e, &json, &length), SA_OK);
    assert_non_null(strstr(json, "\"IsEmpty\":false"));
    assert_non_null(strstr(json, "\"Payload\":[{\"LocalPort\":\"22\",\"Protocol\":\"tcp\"},"
                                 "{\"LocalPort\":\"53\",\"Protocol\":\"udp\"}]}"));
    sa_event_destroy(e);
    sa_agent_destroy(agent);
}

/* an empty snapshot (no item set) is submitted as IsEmpty true, whatever its required fields */
static void event_empty_snapshot_submits_without_required_fields(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    sa_event_t *e = NULL;
    assert_int_equal(sa_event_create(agent, S("FirewallConfiguration"), &e), SA_OK);
    assert_int_equal(sa_agent_submit(agent, e), SA_OK);
    assert_int_equal(counter(agent, SA_COUNTER_QUEUED_EVENTS, SA_QUEUE_LOW), 1);
    assert_int_equal(sa_event_set_string(e, S("Action"), S("Allow")), SA_OK);
    assert_int_equal(sa_agent_submit(agent, e), SA_ERR_MISSING_FIELD);
    assert_string_equal(sa_agent_last_error(agent), "required field Enabled is missing");
    sa_event_destroy(e);
    sa_agent_destroy(agent);
}

/* CANONICAL.md 2.1: keys equal once truncated (or as given) keep the entry added first */
static void event_details_equal_after_truncation_keep_the_first(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    sa_event_t *e = NULL;
    const char *json;
    size_t length;
    char key[1100];
    memset(key, 'k', sizeof key);
    assert_int_equal(sa_event_create(agent, S("ProcessTerminate"), &e), SA_OK);
    assert_int_equal(sa_event_add_detail(e, key, 1030, S("first")), SA_OK);
    key[1029] = 'X';
    assert_int_equal(sa_event_add_detail(e, key, 1030, S("second")), SA_OK);
    assert_int_equal(sa_event_add_detail(e, S("a"), S("1")), SA_OK);
    assert_int_equal(sa_event_add_detail(e, S("a"), S("2")), SA_OK);
    assert_int_equal(sa_event_to_json(e, &json, &length), SA_OK);
    assert_non_null(strstr(json, "{\"a\":\"1\",\"kkkk"));
    assert_non_null(strstr(json, "k\xe2\x80\xa6\":\"first\"}"));
    assert_null(strstr(json, "second"));
    sa_event_destroy(e);
    sa_agent_destroy(agent);
}

static void event_booleans_and_negative_integers_serialize_plainly(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    sa_event_t *e = NULL;
    const char *json;
    size_t length;
    assert_int_equal(sa_event_create(agent, S("FirewallConfiguration"), &e), SA_OK);
    assert_int_equal(sa_event_set_boolean(e, S("Enabled"), 5), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("Action"), S("Deny")), SA_OK);
    assert_int_equal(sa_event_set_integer(e, S("Priority"), INT64_MIN), SA_OK);
    assert_int_equal(sa_event_to_json(e, &json, &length), SA_OK);
    assert_non_null(strstr(json, "[{\"Enabled\":true,\"Action\":\"Deny\",\"Priority\":-9223372036854775808}]"));
    sa_event_destroy(e);
    sa_agent_destroy(agent);
}

static void event_only_security_events_may_be_submitted(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    sa_event_t *e = NULL;
    assert_int_equal(sa_event_create(agent, S("Heartbeat"), &e), SA_OK);
    assert_int_equal(sa_agent_submit(agent, e), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_agent_submit(agent, NULL), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_agent_submit(NULL, e), SA_ERR_INVALID_ARGUMENT);
    sa_event_destroy(e);
    sa_agent_destroy(agent);
}

static void event_memory_failures_are_reported_not_crashes(void **state)
{
    (void)state;
    /* every limit from tiny to generous: each call fails cleanly or succeeds */
    for (size_t limit = 2048; limit < 65536; limit += 1024) {
        sa_options_t *options = NULL;
        sa_agent_t *agent = NULL;
        assert_int_equal(sa_options_create(&options), SA_OK);
        assert_int_equal(sa_options_set_memory_limit(options, limit), SA_OK);
        sa_status_t status = sa_agent_create(options, T0, &agent);
        sa_options_destroy(options);
        if (status != SA_OK) {
            assert_int_equal(status, SA_ERR_NO_MEMORY);
            continue;
        }
        sa_event_t *e = NULL;
        if (sa_event_create(agent, S("ProcessCreate"), &e) == SA_OK) {
            char big[3000];
            memset(big, 'q', sizeof big);
            sa_status_t s = sa_event_set_string(e, S("CommandLine"), big, sizeof big);
            assert_true(s == SA_OK || s == SA_ERR_NO_MEMORY);
            sa_event_destroy(e);
        }
        uint64_t heap = counter(agent, SA_COUNTER_HEAP_BYTES, SA_QUEUE_ALL);
        assert_true(heap <= limit);
        sa_agent_destroy(agent);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(event_serializes_in_schema_order_whatever_the_set_order),
        cmocka_unit_test(event_rejects_unknown_names_fields_and_types),
        cmocka_unit_test(event_submit_requires_every_required_field),
        cmocka_unit_test(event_periodic_snapshot_has_many_items_and_empty_is_empty),
        cmocka_unit_test(event_empty_snapshot_submits_without_required_fields),
        cmocka_unit_test(event_details_equal_after_truncation_keep_the_first),
        cmocka_unit_test(event_booleans_and_negative_integers_serialize_plainly),
        cmocka_unit_test(event_only_security_events_may_be_submitted),
        cmocka_unit_test(event_memory_failures_are_reported_not_crashes),
    };
    return cmocka_run_group_tests_name("event", tests, NULL, NULL);
}
