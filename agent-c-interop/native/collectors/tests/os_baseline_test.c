/* os_baseline_test.c - OSBaseline: the compiled-in checks, both fixture trees (copied with the
 * modes they stand for, as git keeps none), custom checks gated by SHA-256, hostile check
 * files and file contents, refused reads, and an allocation failing at every point. */
#include "collector_test_support.h"

#include <sys/stat.h>
#include <unistd.h>

#include "baseline_check.h"
#include "baseline_evaluator.h"
#include "sha256.h"

#define TREE(name) SA_LINUX_FIXTURES "/OSBaseline/" name
#define CUSTOM_FILE SA_LINUX_FIXTURES "/OSBaseline/custom-checks.json"

static char scratch[64];

/* Copies fixtures/linux/OSBaseline/<name> to a scratch root with its modes; returns the root. */
static const char *copy_tree(const char *name, int hardened)
{
    char command[512];
    strcpy(scratch, "/tmp/os_baseline_test.XXXXXX");
    assert_non_null(mkdtemp(scratch));
    snprintf(command, sizeof command, "cp -R '%s/OSBaseline/%s/.' '%s' && find '%s' -type f -exec chmod 0644 {} +",
             SA_LINUX_FIXTURES, name, scratch, scratch);
    assert_int_equal(system(command), 0);
    if (hardened) {
        snprintf(command, sizeof command,
                 "cd '%s' && chmod 0640 etc/shadow etc/gshadow && chmod 0600 etc/ssh/sshd_config etc/crontab", scratch);
        assert_int_equal(system(command), 0);
    }
    return scratch;
}

static void remove_tree(void)
{
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", scratch);
    assert_int_equal(system(command), 0);
}

static void write_file(const char *root, const char *relative, const char *bytes, size_t length)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, relative);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, length, f), length);
    fclose(f);
}

static void sha256_hex(const char *bytes, size_t length, char hex[65])
{
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256(bytes, length, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02X", digest[i]);
}

/* Enables custom checks in the twin: path and hash as given. */
static void enable_custom(sa_agent_t *agent, const char *path, const char *hash)
{
    char twin[512];
    snprintf(twin, sizeof twin,
             "{\"baselineCustomChecksEnabled\":{\"value\":true},\"baselineCustomChecksFilePath\":{\"value\":\"%s\"},"
             "\"baselineCustomChecksFileHash\":{\"value\":\"%s\"}}",
             path, hash);
    assert_int_equal(sa_agent_apply_twin(agent, twin, strlen(twin)), SA_OK);
}

static char *snapshot(const char *root, const char *custom_path, const char *custom_hash, uint64_t *malformed,
                      char *warning, size_t warning_capacity)
{
    sa_agent_t *agent = new_agent();
    if (custom_path != NULL)
        enable_custom(agent, custom_path, custom_hash);
    sa_collector_t *collector = new_collector(agent, "OSBaseline", root);
    assert_int_equal(sa_collector_collect(collector), SA_OK);
    if (malformed != NULL)
        *malformed = collector_counter(collector, SA_COLLECTOR_MALFORMED);
    if (warning != NULL)
        snprintf(warning, warning_capacity, "%s", sa_collector_last_error(collector));
    assert_int_equal(collector_counter(collector, SA_COLLECTOR_SUBMITTED_EVENTS), 1);
    sa_collector_destroy(collector);
    char *messages = flushed(agent);
    sa_agent_destroy(agent);
    return messages;
}

static void builtin_checks_are_the_shared_file_and_all_valid(void **state)
{
    (void)state;
    sa_allocator_t allocator = {0};
    baseline_check_set_t set;
    sa_buffer_t errors;
    size_t error_count = 99;
    char why[128];
    buffer_init(&errors, &allocator);
    assert_int_equal(baseline_check_file_parse(&set, &allocator, (const char *)baseline_checks_data,
                                               baseline_checks_data_length, &errors, &error_count, why, sizeof why), 0);
    assert_int_equal(error_count, 0);
    assert_int_equal(set.count, 41);
    int kinds[BASELINE_KIND_COUNT] = {0};
    for (size_t i = 0; i < set.count; i++)
        kinds[set.checks[i].kind]++;
    for (int k = 0; k < BASELINE_KIND_COUNT; k++)
        assert_true(kinds[k] > 0);
    assert_memory_equal(set.checks[0].id.data, "ssh-permit-root-login", 21);
    /* the compiled-in bytes are the file's */
    size_t length;
    char *file = read_whole_file(SA_LINUX_FIXTURES "/../../data/baseline/BaselineChecks.json", &length);
    assert_int_equal(length, baseline_checks_data_length);
    assert_memory_equal(file, baseline_checks_data, length);
    free(file);
    baseline_check_set_release(&set);
    buffer_release(&errors);
    assert_int_equal(allocator.bytes, 0);
}

static void hardened_tree_sends_an_empty_snapshot(void **state)
{
    (void)state;
    if (geteuid() != 0)
        skip(); /* the owner checks expect root-owned copies */
    char *messages = snapshot(copy_tree("hardened", 1), NULL, NULL, NULL, NULL, 0);
    remove_tree();
    assert_contains(messages, "\"Name\":\"OSBaseline\"");
    assert_null(strstr(messages, "\"Description\""));
    free(messages);
}

static void weak_tree_fails_with_the_csharp_texts(void **state)
{
    (void)state;
    char *messages = snapshot(copy_tree("weak", 0), NULL, NULL, NULL, NULL, 0);
    remove_tree();
    assert_contains(messages, "\"Error\":\"LoginGraceTime is 2m; expected 1 to 60\"");
    assert_contains(messages, "\"Error\":\"empty password: alice, toor\"");
    assert_contains(messages, "\"Error\":\"/etc/shadow: mode is 0644, more than 0640\"");
    assert_contains(messages, "\"Error\":\"/dev/shm is mounted without noexec\"");
    assert_contains(messages, "\"Error\":\"present: /etc/systemd/system/sockets.target.wants/tftp.socket\"");
    assert_contains(messages, "\"Result\":\"Err\",\"Error\":\"/proc/sys/net/ipv4/icmp_echo_ignore_broadcasts does not exist\"");
    assert_contains(messages, "\"ExtraDetails\":{\"CheckId\":\"ssh-permit-root-login\"}");
    free(messages);
}

static void custom_checks_run_only_with_the_right_hash(void **state)
{
    (void)state;
    size_t length;
    char hash[65], warning[256];
    uint64_t malformed = 0;
    char *file = read_whole_file(CUSTOM_FILE, &length);
    sha256_hex(file, length, hash);
    const char *root = copy_tree("weak", 0);
    write_file(root, "custom-checks.json", file, length);
    char *messages = snapshot(root, "/custom-checks.json", hash, &malformed, warning, sizeof warning);
    assert_contains(messages, "\"CheckId\":\"custom:ssh-max-sessions\"");
    assert_contains(messages, "\"Error\":\"MaxSessions is not set (default 10); expected at most 4\"");
    assert_contains(messages, "\"Error\":\"present: /etc/ssh/sshd_config\"");
    assert_int_equal(malformed, 1);
    assert_string_equal(warning, "OSBaseline: custom checks skipped as invalid: check 1: no-kind: kind is one of keyValue, "
                                 "fileContent, fileMode, absent, mountOption, noEmptyPasswords, onlyRootUid0");
    free(messages);

    hash[0] = hash[0] == '0' ? '1' : '0';
    messages = snapshot(root, "/custom-checks.json", hash, &malformed, warning, sizeof warning);
    assert_null(strstr(messages, "custom:"));
    assert_int_equal(malformed, 0);
    assert_contains(warning, "has SHA-256 ");
    assert_contains(warning, "not the configured hash; custom checks skipped");
    free(messages);

    messages = snapshot(root, "/no/such.json", hash, &malformed, warning, sizeof warning);
    assert_null(strstr(messages, "custom:"));
    assert_string_equal(warning, "OSBaseline: custom checks file /no/such.json cannot be read (DirectoryNotFoundException); "
                                 "custom checks skipped");
    free(messages);

    /* a file with the right hash that is not a check file: counted, skipped */
    write_file(root, "custom-checks.json", "[1, 2", 5);
    sha256_hex("[1, 2", 5, hash);
    messages = snapshot(root, "custom-checks.json", hash, &malformed, warning, sizeof warning);
    assert_int_equal(malformed, 1);
    assert_contains(warning, "is not a checks file (not JSON: ");
    free(messages);
    remove_tree();
    free(file);
}

/* Parses text as a check file; returns the error texts (static buffer) and the counts. */
static const char *parse_errors(const char *text, size_t length, int *result, size_t *count, size_t *errors_found)
{
    static char out[1024];
    sa_allocator_t allocator = {0};
    baseline_check_set_t set;
    sa_buffer_t errors;
    char why[160];
    buffer_init(&errors, &allocator);
    *result = baseline_check_file_parse(&set, &allocator, text, length, &errors, errors_found, why, sizeof why);
    *count = set.count;
    if (*result == 0)
        snprintf(out, sizeof out, "%.*s", (int)errors.length, errors.data == NULL ? "" : errors.data);
    else
        snprintf(out, sizeof out, "%s", why);
    baseline_check_set_release(&set);
    buffer_release(&errors);
    assert_int_equal(allocator.bytes, 0);
    return out;
}

static void hostile_check_files_give_errors_not_crashes(void **state)
{
    (void)state;
    int result;
    size_t count, errors;
    const char *text;
    /* every prefix of the fixture: not a checks file, or fewer checks; never a crash or a leak */
    size_t length;
    char *file = read_whole_file(CUSTOM_FILE, &length);
    for (size_t n = 0; n < length; n++) {
        parse_errors(file, n, &result, &count, &errors);
        assert_true(result == -1 || (result == 0 && count <= 2));
    }
    free(file);
    text = parse_errors(S("{\"checks\": 5}"), &result, &count, &errors);
    assert_int_equal(result, -1);
    assert_string_equal(text, "no \"checks\" array");
    text = parse_errors(S("\xff\xfe{\"checks\": []}"), &result, &count, &errors);
    assert_int_equal(result, -1);
    /* the C# rules, in their order */
    const char *checks =
        "{\"checks\": [7, {\"id\": \"\", \"description\": \"d\"},"
        "{\"id\": \"a\", \"description\": \"d\", \"severity\": \"critical\", \"kind\": \"absent\", \"paths\": [\"x\"]},"
        "{\"id\": \"b\", \"description\": \"d\", \"severity\": \"Warning\", \"kind\": \"fileMode\", \"path\": \"x\", \"maxMode\": \"0648\"},"
        "{\"id\": \"c\", \"description\": \"d\", \"severity\": \"Warning\", \"kind\": \"absent\", \"paths\": [\"x\"], \"missing\": \"maybe\"},"
        "{\"id\": \"d\", \"description\": \"d\", \"severity\": \" Important , Warning \", \"kind\": \"keyValue\", \"path\": \"x\", \"key\": \"k\", \"min\": 1.5},"
        "{\"id\": 5, \"description\": \"d\", \"severity\": 3, \"kind\": \"absent\", \"paths\": [1, \"x\"]},"
        "{\"id\": \"5\", \"description\": \"d\", \"severity\": \"Warning\", \"kind\": \"absent\", \"paths\": [\"y\"]},"
        "{\"id\": \"m\", \"description\": \"d\", \"severity\": \"+1\", \"kind\": \"fileMode\", \"path\": \"x\", \"maxMode\": \"37777777777\", \"owner\": \"-1\"},"
        "{\"id\": \"o\", \"description\": \"d\", \"severity\": \"Warning\", \"kind\": \"fileMode\", \"path\": \"x\", \"maxMode\": \"777777777777\"},"
        "]}";
    text = parse_errors(checks, strlen(checks), &result, &count, &errors);
    assert_int_equal(result, 0);
    assert_int_equal(count, 2);
    assert_int_equal(errors, 8);
    assert_string_equal(text,
                        "check 0: not an object; check 1: id and description are required; "
                        "check 2: a: severity is one of Critical, Important, Warning, Informational; "
                        "check 3: b: maxMode is an octal mode; check 4: c: missing is pass, fail or err; "
                        "check 5: d: keyValue needs allowed, min or max; check 7 (5): duplicate id; "
                        "check 9: o: maxMode is an octal mode");
}

static void check_set(const char *text, baseline_check_set_t *set, sa_allocator_t *allocator)
{
    sa_buffer_t errors;
    size_t error_count;
    char why[160];
    buffer_init(&errors, allocator);
    assert_int_equal(baseline_check_file_parse(set, allocator, text, strlen(text), &errors, &error_count, why, sizeof why), 0);
    assert_int_equal(error_count, 0);
    buffer_release(&errors);
}

/* Evaluates the one check of text under root; returns "<Result>|<error>" (static buffer). */
static const char *evaluate(const char *root, const char *text)
{
    static char out[512];
    sa_allocator_t allocator = {0};
    baseline_check_set_t set;
    baseline_evaluator_t evaluator;
    os_source_t os;
    baseline_result_t result;
    assert_int_equal(os_source_root(&os, root, strlen(root)), 0);
    check_set(text, &set, &allocator);
    assert_int_equal(set.count, 1);
    baseline_evaluator_init(&evaluator, &os, &allocator);
    assert_int_equal(baseline_evaluate(&evaluator, &set.checks[0], &result), 0);
    /* a NUL in the error shows as \0 */
    size_t used = (size_t)snprintf(out, sizeof out, "%s|", baseline_result_names[result]);
    for (size_t i = 0; i < evaluator.error.length && used + 3 < sizeof out; i++) {
        if (evaluator.error.data[i] == 0) {
            out[used++] = '\\';
            out[used++] = '0';
        } else {
            out[used++] = evaluator.error.data[i];
        }
    }
    out[used] = 0;
    baseline_evaluator_release(&evaluator);
    baseline_check_set_release(&set);
    assert_int_equal(allocator.bytes, 0);
    return out;
}

#define KV(path, key, extra)                                                                                      \
    "{\"checks\": [{\"id\": \"k\", \"description\": \"d\", \"severity\": \"Warning\", \"kind\": \"keyValue\", "     \
    "\"path\": \"" path "\", \"key\": \"" key "\", " extra "}]}"

static void hostile_file_contents_are_read_as_csharp_reads_them(void **state)
{
    (void)state;
    const char *root = copy_tree("weak", 0);
    /* sshd rules: first value wins, quotes and '=' dropped, Match ends the global part */
    write_file(root, "etc/x.conf", S("\xEF\xBB\xBF# c\n  port = \"22\"\r\nPort 23\nMatch User a\nMaxAuthTries 9\n"));
    assert_string_equal(evaluate(root, KV("etc/x.conf", "PORT", "\"allowed\": [\"23\"]")), "Fail|PORT is 22; expected 23");
    assert_string_equal(evaluate(root, KV("etc/x.conf", "MaxAuthTries", "\"max\": 4")), "Fail|MaxAuthTries is not set");
    assert_string_equal(evaluate(root, KV("etc/x.conf", "MaxAuthTries", "\"min\": 5")), "Fail|MaxAuthTries is not set");
    /* durations, signs, NULs and garbage */
    static const char y[] = "A 2W\nB -3\nC 5\0\nD 9223372036854775807s\nE \xff\xfe\nF s\n";
    write_file(root, "etc/y.conf", y, sizeof y - 1);
    assert_string_equal(evaluate(root, KV("etc/y.conf", "A", "\"max\": 1209600")), "Pass|");
    assert_string_equal(evaluate(root, KV("etc/y.conf", "B", "\"min\": -3, \"max\": \"-3\"")), "Pass|");
    assert_string_equal(evaluate(root, KV("etc/y.conf", "C", "\"max\": 4")), "Fail|C is 5\\0; expected at most 4");
    assert_string_equal(evaluate(root, KV("etc/y.conf", "D", "\"min\": 1")), "Pass|");
    assert_string_equal(evaluate(root, KV("etc/y.conf", "E", "\"min\": 1")), "Fail|E is \xEF\xBF\xBD\xEF\xBF\xBD; expected a number");
    assert_string_equal(evaluate(root, KV("etc/y.conf", "F", "\"min\": 1")), "Fail|F is s; expected a number");
    assert_string_equal(evaluate(root, KV("etc/y.conf", "G", "\"default\": \"x\", \"allowed\": [\"y\", \"Z\"]")),
                        "Fail|G is not set (default x); expected y or Z");
    /* paths: normalized as text, a trailing slash is no file, a missing file takes `missing` */
    assert_string_equal(evaluate(root, KV("/./etc/nothing/../y.conf", "B", "\"allowed\": [\"-3\"]")), "Pass|");
    assert_string_equal(evaluate(root, KV("etc/y.conf/", "B", "\"allowed\": [\"-3\"]")), "Err|/etc/y.conf/ does not exist");
    assert_string_equal(evaluate(root, KV("//etc/none", "B", "\"allowed\": [\"-3\"], \"missing\": \"fail\"")),
                        "Fail|/etc/none does not exist");
    /* a dangling link exists (File.Exists) but cannot be read */
    char link[256];
    snprintf(link, sizeof link, "%s/etc/dangling", root);
    assert_int_equal(symlink("nowhere", link), 0);
    char expected[512];
    snprintf(expected, sizeof expected, "Err|cannot read: Could not find file '//etc/dangling'.");
    assert_string_equal(evaluate(root, KV("etc/dangling", "B", "\"allowed\": [\"-3\"]")), expected);
    assert_string_equal(evaluate(root, "{\"checks\": [{\"id\": \"a\", \"description\": \"d\", \"severity\": \"Warning\", "
                                       "\"kind\": \"absent\", \"paths\": [\"etc/dangling\", \"/usr/bin\", \"etc/passwd/\", \"usr/bin/\"]}]}"),
                        "Fail|present: /etc/dangling, //usr/bin, /usr/bin/");
    /* proc/mounts missing: the directory is missing too */
    snprintf(link, sizeof link, "rm -r '%s/proc'", root);
    assert_int_equal(system(link), 0);
    assert_string_equal(evaluate(root, "{\"checks\": [{\"id\": \"m\", \"description\": \"d\", \"severity\": \"Warning\", "
                                       "\"kind\": \"mountOption\", \"mountPoint\": \"/tmp\", \"options\": [\"noexec\"]}]}"),
                        "Err|cannot read: Could not find a part of the path '//proc/mounts'.");
    remove_tree();
}

static void refused_reads_are_err_with_the_dotnet_text(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *collector = new_collector(agent, "OSBaseline", TREE("weak"));
    assert_int_equal(sa_collector_start(collector), SA_OK);
    refuse(collector, "etc/login.defs", EACCES);
    assert_int_equal(sa_collector_collect(collector), SA_OK);
    sa_collector_destroy(collector);
    char *messages = flushed(agent);
    assert_contains(messages, "\"Result\":\"Err\",\"Error\":\"cannot read: Access to the path '//etc/login.defs' is denied.\"");
    free(messages);
    sa_agent_destroy(agent);
}

static void allocation_failures_fail_the_snapshot_cleanly(void **state)
{
    (void)state;
    size_t length;
    char hash[65];
    char *file = read_whole_file(CUSTOM_FILE, &length);
    sha256_hex(file, length, hash);
    free(file);
    const char *root = TREE("..");
    int succeeded = 0;
    for (size_t n = 1; n < 2000 && !succeeded; n++) {
        sa_agent_t *agent = new_agent();
        enable_custom(agent, "/custom-checks.json", hash);
        sa_collector_t *collector = new_collector(agent, "OSBaseline", root);
        agent_allocator_fail_after(agent, n);
        sa_status_t status = sa_collector_collect(collector);
        agent_allocator_fail_after(agent, 0);
        assert_true(status == SA_OK || status == SA_ERR_NO_MEMORY);
        succeeded = status == SA_OK;
        sa_collector_destroy(collector);
        sa_agent_destroy(agent);
    }
    assert_true(succeeded);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_checks_are_the_shared_file_and_all_valid),
        cmocka_unit_test(hardened_tree_sends_an_empty_snapshot),
        cmocka_unit_test(weak_tree_fails_with_the_csharp_texts),
        cmocka_unit_test(custom_checks_run_only_with_the_right_hash),
        cmocka_unit_test(hostile_check_files_give_errors_not_crashes),
        cmocka_unit_test(hostile_file_contents_are_read_as_csharp_reads_them),
        cmocka_unit_test(refused_reads_are_err_with_the_dotnet_text),
        cmocka_unit_test(allocation_failures_fail_the_snapshot_cleanly),
    };
    return cmocka_run_group_tests_name("os_baseline", tests, NULL, NULL);
}
