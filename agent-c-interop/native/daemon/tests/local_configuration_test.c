/* local_configuration_test.c - the local configuration file: the schema's rules, defaults,
 * and the checks of the files it names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daemon_test_support.h"
#include "local_configuration.h"

#define AGENT "\"agentId\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\""
#define OUTBOX "\"outbox\":{\"path\":\"/var/lib/a/outbox\"}"
#define LOGGING "\"logging\":{\"level\":\"information\",\"destination\":\"console\"}"
#define MODULE "\"identity\":{\"type\":\"module\",\"deviceId\":\"dev1\",\"authentication\":{\"method\":\"sasKey\",\"keyFile\":\"/k/module.key\"}}"
#define HUB "\"hubHostName\":\"myhub.azure-devices.net\""

static char problems[4096];

static local_configuration_t *parse_ok(const char *text)
{
    local_configuration_t *c = NULL;
    int rc = local_configuration_parse(text, strlen(text), 0, &c, problems, sizeof problems);
    if (rc != 0)
        fail_msg("unexpected problems:\n%s", problems);
    return c;
}

/* Parsing fails and the problems mention `needle`. */
static void parse_fails(const char *text, const char *needle)
{
    local_configuration_t *c = NULL;
    assert_int_equal(local_configuration_parse(text, strlen(text), 0, &c, problems, sizeof problems), -1);
    assert_null(c);
    if (strstr(problems, needle) == NULL)
        fail_msg("'%s' not in:\n%s", needle, problems);
}

static void local_configuration_reads_the_sample(void **state)
{
    local_configuration_t *c = NULL;
    char path[512];
    (void)state;
    snprintf(path, sizeof path, "%s/defaults/local-configuration.sample.json", SA_TEST_SCHEMAS);
    /* The sample names files of a real device: check the rules, not the files. */
    {
        FILE *file = fopen(path, "rb");
        char text[8192];
        size_t n;
        assert_non_null(file);
        n = fread(text, 1, sizeof text, file);
        fclose(file);
        assert_int_equal(local_configuration_parse(text, n, 0, &c, problems, sizeof problems), 0);
    }
    assert_string_equal(c->agent_id, "7c9e6679-7425-40de-944b-e07fc1f90ae7");
    assert_true(c->is_module);
    assert_string_equal(c->device_id, "edge-gateway-07");
    assert_string_equal(c->module_id, "azureiotsecurity");
    assert_int_equal(c->method, LOCAL_AUTH_SAS_KEY);
    assert_string_equal(c->key_file, "/etc/iot-security-agent/module.key");
    assert_int_equal(c->keep_alive_seconds, 240);
    assert_int_equal(c->outbox_max_bytes, 10485760);
    assert_int_equal(c->log_destination, LOCAL_LOG_SYSLOG);
    assert_int_equal(c->diagnostic_events_level, DAEMON_LOG_WARNING);
    local_configuration_destroy(c);
}

static void local_configuration_applies_defaults(void **state)
{
    local_configuration_t *c = parse_ok("{" AGENT "," MODULE "," HUB "," OUTBOX "," LOGGING "}");
    (void)state;
    assert_string_equal(c->module_id, "azureiotsecurity");
    assert_string_equal(c->remote_configuration_object_name, "ms_iotn:urn_azureiot_Security_SecurityAgentConfiguration");
    assert_int_equal(c->outbox_max_bytes, 10485760);
    assert_int_equal(c->keep_alive_seconds, 240);
    assert_null(c->ca_file);
    local_configuration_destroy(c);
}

static void local_configuration_reports_every_problem(void **state)
{
    (void)state;
    parse_fails("{\"agentId\":\"7C9E6679-7425-40de-944b-e07fc1f90ae7\",\"extra\":1," MODULE "," OUTBOX "}", "agentId");
    assert_non_null(strstr(problems, "unknown property 'extra'"));
    assert_non_null(strstr(problems, "logging: is required"));
    assert_non_null(strstr(problems, "hubHostName: is required unless"));
}

static void local_configuration_rejects_json_errors(void **state)
{
    (void)state;
    parse_fails("{\"agentId\":", "is not valid JSON");
    parse_fails("[1]", "must be an object");
    parse_fails("{} // comment", "is not valid JSON");
}

static void local_configuration_checks_patterns_and_ranges(void **state)
{
    (void)state;
    parse_fails("{" AGENT "," MODULE ",\"hubHostName\":\"bad_host\"," OUTBOX "," LOGGING "}", "hubHostName");
    parse_fails("{" AGENT "," MODULE "," HUB ",\"gatewayHostName\":\"gw:0\"," OUTBOX "," LOGGING "}", "gatewayHostName");
    parse_fails("{" AGENT "," MODULE "," HUB ",\"outbox\":{\"path\":\"/o\",\"maxSizeInBytes\":8192}," LOGGING "}",
                "outbox.maxSizeInBytes: must be between 262144");
    parse_fails("{" AGENT "," MODULE "," HUB ",\"transport\":{\"keepAliveInSeconds\":29}," OUTBOX "," LOGGING "}",
                "keepAliveInSeconds");
    parse_fails("{" AGENT "," MODULE "," HUB "," OUTBOX ",\"logging\":{\"level\":\"verbose\",\"destination\":\"console\"}}",
                "logging.level");
    parse_fails("{" AGENT "," MODULE "," HUB "," OUTBOX "," LOGGING ",\"remoteConfigurationObjectName\":\"a.b\"}",
                "remoteConfigurationObjectName");
}

static void local_configuration_refuses_inline_secrets(void **state)
{
    (void)state;
    parse_fails("{" AGENT ",\"identity\":{\"type\":\"module\",\"deviceId\":\"d\",\"authentication\":{\"method\":\"sasKey\","
                "\"keyFile\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}}," HUB "," OUTBOX "," LOGGING "}",
                "identity.authentication.keyFile");
    parse_fails("{" AGENT ",\"identity\":{\"type\":\"module\",\"deviceId\":\"d\",\"authentication\":{\"method\":\"sasKey\","
                "\"keyFile\":\"/HostName=h;SharedAccessKey=abc\"}}," HUB "," OUTBOX "," LOGGING "}",
                "identity.authentication.keyFile");
}

static void local_configuration_applies_the_identity_conditions(void **state)
{
    local_configuration_t *c;
    (void)state;
    parse_fails("{" AGENT ",\"identity\":{\"type\":\"device\",\"deviceId\":\"d\",\"moduleId\":\"m\",\"authentication\":"
                "{\"method\":\"sasKey\",\"keyFile\":\"/k\"}}," HUB "," OUTBOX "," LOGGING "}",
                "identity.moduleId: is not allowed with type device");
    parse_fails("{" AGENT ",\"identity\":{\"type\":\"module\",\"deviceId\":\"d\",\"authentication\":{\"method\":\"dps\","
                "\"idScope\":\"0ne00000001\",\"registrationId\":\"r\",\"credentials\":{\"method\":\"sasKey\",\"keyFile\":\"/k\"}}},"
                OUTBOX "," LOGGING "}",
                "identity.deviceId: is not allowed with DPS");
    parse_fails("{" AGENT ",\"identity\":{\"type\":\"module\",\"deviceId\":\"d\",\"authentication\":{\"method\":\"x509\","
                "\"keyFile\":\"/k\"}}," HUB "," OUTBOX "," LOGGING "}",
                "identity.authentication.certificateFile: is required");
    c = parse_ok("{" AGENT ",\"identity\":{\"type\":\"module\",\"authentication\":{\"method\":\"dps\",\"idScope\":\"0ne00000001\","
                 "\"registrationId\":\"r\",\"credentials\":{\"method\":\"x509\",\"certificateFile\":\"/c.pem\",\"keyFile\":\"/k.pem\"}}},"
                 OUTBOX "," LOGGING "}");
    assert_int_equal(c->method, LOCAL_AUTH_DPS);
    assert_int_equal(c->credentials_method, LOCAL_AUTH_X509);
    assert_string_equal(c->global_endpoint, "global.azure-devices-provisioning.net");
    local_configuration_destroy(c);
}

static void local_configuration_applies_the_logging_conditions(void **state)
{
    local_configuration_t *c;
    (void)state;
    parse_fails("{" AGENT "," MODULE "," HUB "," OUTBOX ",\"logging\":{\"level\":\"debug\",\"destination\":\"file\"}}",
                "logging.filePath: is required");
    parse_fails("{" AGENT "," MODULE "," HUB "," OUTBOX
                ",\"logging\":{\"level\":\"debug\",\"destination\":\"console\",\"filePath\":\"/l\"}}",
                "logging.filePath: is allowed with destination file only");
    c = parse_ok("{" AGENT "," MODULE "," HUB "," OUTBOX ",\"logging\":{\"level\":\"debug\",\"destination\":\"file\",\"filePath\":\"/l\"}}");
    assert_int_equal(c->log_destination, LOCAL_LOG_FILE);
    assert_int_equal(c->log_level, DAEMON_LOG_DEBUG);
    local_configuration_destroy(c);
}

static void local_configuration_checks_the_key_file(void **state)
{
    char folder[256], key[300], text[1024];
    local_configuration_t *c = NULL;
    (void)state;
    assert_int_equal(temp_folder_create(folder, sizeof folder), 0);
    snprintf(key, sizeof key, "%s/module.key", folder);
    snprintf(text, sizeof text,
             "{" AGENT ",\"identity\":{\"type\":\"module\",\"deviceId\":\"d\",\"authentication\":{\"method\":\"sasKey\","
             "\"keyFile\":\"%s\"}}," HUB "," OUTBOX "," LOGGING "}",
             key);
    assert_int_equal(local_configuration_parse(text, strlen(text), 1, &c, problems, sizeof problems), -1);
    assert_non_null(strstr(problems, "does not exist"));
    assert_int_equal(file_write(key, "a2V5", 4, 0644), 0);
    assert_int_equal(local_configuration_parse(text, strlen(text), 1, &c, problems, sizeof problems), -1);
    assert_non_null(strstr(problems, "chmod 600"));
    assert_int_equal(chmod(key, 0600), 0);
    assert_int_equal(local_configuration_parse(text, strlen(text), 1, &c, problems, sizeof problems), 0);
    local_configuration_destroy(c);
    temp_folder_remove(folder);
}

static void local_configuration_splits_the_port(void **state)
{
    char host[64];
    int port = 0;
    (void)state;
    assert_int_equal(local_configuration_split_port("localhost:18883", 8883, host, sizeof host, &port), 0);
    assert_string_equal(host, "localhost");
    assert_int_equal(port, 18883);
    assert_int_equal(local_configuration_split_port("h.example", 8883, host, sizeof host, &port), 0);
    assert_int_equal(port, 8883);
    assert_int_equal(local_configuration_split_port("toolong", 8883, host, 4, &port), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(local_configuration_reads_the_sample),
        cmocka_unit_test(local_configuration_applies_defaults),
        cmocka_unit_test(local_configuration_reports_every_problem),
        cmocka_unit_test(local_configuration_rejects_json_errors),
        cmocka_unit_test(local_configuration_checks_patterns_and_ranges),
        cmocka_unit_test(local_configuration_refuses_inline_secrets),
        cmocka_unit_test(local_configuration_applies_the_identity_conditions),
        cmocka_unit_test(local_configuration_applies_the_logging_conditions),
        cmocka_unit_test(local_configuration_checks_the_key_file),
        cmocka_unit_test(local_configuration_splits_the_port),
    };
    return cmocka_run_group_tests_name("local_configuration", tests, NULL, NULL);
}
