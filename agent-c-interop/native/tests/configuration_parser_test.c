/* configuration_parser_test.c - twin parsing, rejection, ConfigurationError, reported. */
#include "test_support.h"

#include "configuration.h"

#define DEFAULT_REPORTED \
    "{\"highPriorityMessageFrequency\":{\"value\":\"PT7M\"},\"lowPriorityMessageFrequency\":{\"value\":\"PT5H\"}," \
    "\"snapshotFrequency\":{\"value\":\"PT13H\"},\"maxLocalCacheSizeInBytes\":{\"value\":2560000}," \
    "\"maxMessageSizeInBytes\":{\"value\":204800},\"eventPriorityConnectedHardware\":{\"value\":\"Low\"}," \
    "\"eventPriorityListeningPorts\":{\"value\":\"High\"},\"eventPriorityProcessCreate\":{\"value\":\"Low\"}," \
    "\"eventPriorityProcessTerminate\":{\"value\":\"Low\"},\"eventPrioritySystemInformation\":{\"value\":\"Low\"}," \
    "\"eventPriorityLocalUsers\":{\"value\":\"High\"},\"eventPriorityLogin\":{\"value\":\"High\"}," \
    "\"eventPriorityConnectionCreate\":{\"value\":\"Low\"},\"eventPriorityFirewallConfiguration\":{\"value\":\"Low\"}," \
    "\"eventPriorityOSBaseline\":{\"value\":\"Low\"},\"eventPriorityDiagnostic\":{\"value\":\"Low\"}," \
    "\"eventPriorityConfigurationError\":{\"value\":\"Low\"},\"eventPriorityDroppedEventsStatistics\":{\"value\":\"Low\"}," \
    "\"eventPriorityMessageStatistics\":{\"value\":\"Low\"},\"eventPriorityHeartbeat\":{\"value\":\"Off\"}," \
    "\"aggregationEnabledProcessCreate\":{\"value\":true},\"aggregationIntervalProcessCreate\":{\"value\":\"PT1H\"}," \
    "\"aggregationEnabledConnectionCreate\":{\"value\":true},\"aggregationIntervalConnectionCreate\":{\"value\":\"PT1H\"}," \
    "\"aggregationEnabledProcessTerminate\":{\"value\":true},\"aggregationIntervalProcessTerminate\":{\"value\":\"PT1H\"}," \
    "\"baselineCustomChecksEnabled\":{\"value\":false},\"baselineCustomChecksFilePath\":{\"value\":\"\"}," \
    "\"baselineCustomChecksFileHash\":{\"value\":\"\"},\"hubResourceId\":{\"value\":\"\"}," \
    "\"heartbeatFrequency\":{\"value\":\"PT15M\"},\"diagnosticEventsMinimumSeverity\":{\"value\":\"Warning\"}," \
    "\"aggregationMaxDistinctKeys\":{\"value\":1024}}"

static const char *reported(sa_agent_t *agent)
{
    const char *json = NULL;
    size_t length = 0;
    assert_int_equal(sa_agent_get_reported(agent, &json, &length), SA_OK);
    assert_int_equal(length, strlen(json));
    return json;
}

/* The first message, after a tick late enough for every path. */
static const char *first_event(sa_agent_t *agent)
{
    size_t ready = 0;
    const char *body;
    size_t length;
    assert_int_equal(sa_agent_tick(agent, T0 + 86400000, &ready, NULL), SA_OK);
    assert_true(ready >= 1);
    assert_int_equal(sa_agent_take_message(agent, &body, &length, NULL), SA_OK);
    return body;
}

static void configuration_parser_reports_defaults(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_string_equal(reported(agent), DEFAULT_REPORTED);
    assert_int_equal(sa_agent_apply_twin(agent, S("{}")), SA_OK);
    assert_string_equal(reported(agent), DEFAULT_REPORTED);
    sa_agent_destroy(agent);
}

static void configuration_parser_applies_values_case_insensitively_in_canonical_form(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"highPriorityMessageFrequency\":{\"value\":\"PT90M\"},"
        "\"lowPriorityMessageFrequency\":{\"value\":\"P1W\"},\"eventPriorityLogin\":{\"value\":\"oFF\"},"
        "\"snapshotFrequency\":null,\"maxMessageSizeInBytes\":{\"value\":8192},\"unknown\":{\"value\":1},"
        "\"heartbeatFrequency\":{\"value\":\"P1DT12H\"},\"diagnosticEventsMinimumSeverity\":{\"value\":\"debug\"}}")),
        SA_OK);
    const char *json = reported(agent);
    assert_non_null(strstr(json, "\"highPriorityMessageFrequency\":{\"value\":\"PT1H30M\"}"));
    assert_non_null(strstr(json, "\"lowPriorityMessageFrequency\":{\"value\":\"P7D\"}"));
    assert_non_null(strstr(json, "\"snapshotFrequency\":{\"value\":\"PT13H\"}"));
    assert_non_null(strstr(json, "\"eventPriorityLogin\":{\"value\":\"Off\"}"));
    assert_non_null(strstr(json, "\"maxMessageSizeInBytes\":{\"value\":8192}"));
    assert_non_null(strstr(json, "\"heartbeatFrequency\":{\"value\":\"P1DT12H\"}"));
    assert_non_null(strstr(json, "\"diagnosticEventsMinimumSeverity\":{\"value\":\"Debug\"}"));
    assert_int_equal(counter(agent, SA_COUNTER_QUEUED_EVENTS, SA_QUEUE_OPERATIONAL), 0);
    sa_agent_destroy(agent);
}

static void configuration_parser_rejects_bad_update_whole_with_type_mismatch_items(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"maxMessageSizeInBytes\":{\"value\":100},"
        "\"eventPriorityLogin\":{\"value\":\"Off\"},\"highPriorityMessageFrequency\":{\"value\":\"PT0M\"},"
        "\"hubResourceId\":\"bare\"}")), SA_ERR_BAD_CONFIGURATION);
    assert_string_equal(sa_agent_last_error(agent), "configuration rejected: 3 key(s) failed");
    assert_string_equal(reported(agent), DEFAULT_REPORTED);
    const char *body = first_event(agent);
    assert_non_null(strstr(body, "\"Name\":\"ConfigurationError\""));
    assert_non_null(strstr(body,
        "\"Payload\":[{\"ConfigurationName\":\"highPriorityMessageFrequency\",\"ErrorType\":\"TypeMismatch\","
        "\"UsedConfiguration\":\"PT7M\",\"Message\":\"Expected an ISO 8601 duration such as PT7M: weeks, days, "
        "hours, minutes and seconds, not zero, at most 6 digits each.\"},"
        "{\"ConfigurationName\":\"maxMessageSizeInBytes\",\"ErrorType\":\"TypeMismatch\",\"UsedConfiguration\":"
        "\"204800\",\"Message\":\"Expected an integer from 8192 to 262144.\"},"
        "{\"ConfigurationName\":\"hubResourceId\",\"ErrorType\":\"TypeMismatch\",\"UsedConfiguration\":\"\","
        "\"Message\":\"Expected an object {\\\"value\\\": ...} with no other member.\"}]"));
    sa_agent_destroy(agent);
}

/* core-rules section 8: a JSON number with no fractional part is an integer, however spelt. */
static void configuration_parser_takes_whole_numbers_in_any_spelling(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"maxMessageSizeInBytes\":{\"value\":8192.0},"
        "\"aggregationMaxDistinctKeys\":{\"value\":3.2e1},"
        "\"maxLocalCacheSizeInBytes\":{\"value\":16384.000000000000000000000000}}")), SA_OK);
    assert_non_null(strstr(reported(agent), "\"maxLocalCacheSizeInBytes\":{\"value\":16384},"
        "\"maxMessageSizeInBytes\":{\"value\":8192},"));
    assert_non_null(strstr(reported(agent), "\"aggregationMaxDistinctKeys\":{\"value\":32}}"));
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"maxMessageSizeInBytes\":{\"value\":8192.5}}")), SA_ERR_BAD_CONFIGURATION);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"maxMessageSizeInBytes\":{\"value\":81920e-1}}")), SA_OK);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"maxMessageSizeInBytes\":{\"value\":1e999999999}}")), SA_ERR_BAD_CONFIGURATION);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"maxMessageSizeInBytes\":{\"value\":8192e-1}}")), SA_ERR_BAD_CONFIGURATION);
    sa_agent_destroy(agent);
}

static void configuration_parser_bad_json_is_one_twin_configuration_item(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"a\":")), SA_ERR_BAD_JSON);
    assert_string_equal(sa_agent_last_error(agent), "malformed JSON at byte 5: unexpected end of input");
    assert_int_equal(sa_agent_apply_twin(agent, S("[1]")), SA_ERR_BAD_CONFIGURATION);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"x\":\"\xff\"}")), SA_ERR_BAD_JSON);
    assert_int_equal(sa_agent_apply_twin(agent, S("{} x")), SA_ERR_BAD_JSON);
    assert_int_equal(counter(agent, SA_COUNTER_COLLECTED_EVENTS, SA_QUEUE_OPERATIONAL), 4);
    const char *body = first_event(agent);
    assert_non_null(strstr(body, "[{\"ConfigurationName\":\"TwinConfiguration\",\"ErrorType\":\"TypeMismatch\","
                                 "\"UsedConfiguration\":\"\",\"Message\":\"The configuration is not a JSON object.\"}]"));
    char big[70000];
    memset(big, ' ', sizeof big);
    assert_int_equal(sa_agent_apply_twin(agent, big, sizeof big), SA_ERR_TOO_LARGE);
    assert_int_equal(sa_agent_apply_twin(NULL, S("{}")), SA_ERR_INVALID_ARGUMENT);
    sa_agent_destroy(agent);
}

static void configuration_parser_reports_not_optimal_and_conflicts_after_accepting(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"maxMessageSizeInBytes\":{\"value\":10000},"
        "\"maxLocalCacheSizeInBytes\":{\"value\":9000},\"highPriorityMessageFrequency\":{\"value\":\"PT6H\"}}")),
        SA_OK);
    assert_non_null(strstr(reported(agent), "\"maxMessageSizeInBytes\":{\"value\":10000}"));
    const char *body = first_event(agent);
    assert_non_null(strstr(body,
        "[{\"ConfigurationName\":\"maxMessageSizeInBytes\",\"ErrorType\":\"NotOptimal\",\"UsedConfiguration\":"
        "\"10000\",\"Message\":\"maxMessageSizeInBytes is not a multiple of 4096; IoT Hub meters messages in 4 KB "
        "blocks.\"},{\"ConfigurationName\":\"maxMessageSizeInBytes\",\"ErrorType\":\"Conflict\",\"UsedConfiguration\":"
        "\"10000\",\"Message\":\"maxMessageSizeInBytes is larger than maxLocalCacheSizeInBytes.\"},"
        "{\"ConfigurationName\":\"highPriorityMessageFrequency\",\"ErrorType\":\"Conflict\",\"UsedConfiguration\":"
        "\"PT6H\",\"Message\":\"highPriorityMessageFrequency is longer than lowPriorityMessageFrequency.\"}]"));
    sa_agent_destroy(agent);
}

static void configuration_parser_custom_checks_need_path_and_hash(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"baselineCustomChecksEnabled\":{\"value\":true}}")),
                     SA_ERR_BAD_CONFIGURATION);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"baselineCustomChecksEnabled\":{\"value\":true},"
        "\"baselineCustomChecksFilePath\":{\"value\":\"/etc/checks.xml\"},\"baselineCustomChecksFileHash\":"
        "{\"value\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789ABCDEF\"}}")), SA_OK);
    assert_non_null(strstr(reported(agent), "\"baselineCustomChecksFilePath\":{\"value\":\"/etc/checks.xml\"}"));
    sa_agent_destroy(agent);
}

/* core-rules section 8: the custom-checks rule is checked only when every key parsed */
static void configuration_parser_custom_checks_rule_waits_for_every_key_to_parse(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent(0);
    assert_int_equal(sa_agent_apply_twin(agent, S("{\"heartbeatFrequency\":\"PT1M\","
        "\"baselineCustomChecksEnabled\":{\"value\":true}}")), SA_ERR_BAD_CONFIGURATION);
    const char *body = first_event(agent);
    assert_non_null(strstr(body, "\"Payload\":[{\"ConfigurationName\":\"heartbeatFrequency\","));
    assert_null(strstr(body, "baselineCustomChecksEnabled"));
    sa_agent_destroy(agent);
}

static void configuration_parser_parses_durations_strictly(void **state)
{
    (void)state;
    assert_int_equal(configuration_parse_duration(S("PT7M")), 420000);
    assert_int_equal(configuration_parse_duration(S("P1W2DT3H4M5S")), (int64_t)(9 * 86400 + 3 * 3600 + 245) * 1000);
    assert_int_equal(configuration_parse_duration(S("PT999999S")), INT64_C(999999000));
    const char *bad[] = {"", "P", "PT", "P0D", "PT0S", "P1Y", "P1M", "PT1D", "P1DT", "pt7m", "PT7M ", "PT1000000S",
                         "PT1.5S", "P-1D", "PT1S1M", "P1D1W", "PT1H1H", "7M"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(configuration_parse_duration(bad[i], strlen(bad[i])), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(configuration_parser_reports_defaults),
        cmocka_unit_test(configuration_parser_applies_values_case_insensitively_in_canonical_form),
        cmocka_unit_test(configuration_parser_rejects_bad_update_whole_with_type_mismatch_items),
        cmocka_unit_test(configuration_parser_takes_whole_numbers_in_any_spelling),
        cmocka_unit_test(configuration_parser_bad_json_is_one_twin_configuration_item),
        cmocka_unit_test(configuration_parser_reports_not_optimal_and_conflicts_after_accepting),
        cmocka_unit_test(configuration_parser_custom_checks_need_path_and_hash),
        cmocka_unit_test(configuration_parser_custom_checks_rule_waits_for_every_key_to_parse),
        cmocka_unit_test(configuration_parser_parses_durations_strictly),
    };
    return cmocka_run_group_tests_name("configuration_parser", tests, NULL, NULL);
}
