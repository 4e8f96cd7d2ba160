/* local_users_test.c - LocalUsersCollector over fixtures/linux/LocalUsers. */
#include "collector_test_support.h"

static void local_users_reads_users_and_groups_of_the_fixture(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "LocalUsers", FIXTURE("LocalUsers"));
    assert_int_equal(sa_collector_collect(c), SA_OK);
    char *out = flushed(agent);
    /* comments, blank and NIS lines skipped; primary group first; " operator " trimmed; guest's
     * primary gid 4242 has no group and is named by its number */
    assert_contains(out, "\"Payload\":[{\"UserName\":\"root\",\"UserId\":\"0\",\"GroupNames\":\"root;docker\","
                         "\"GroupIds\":\"0;999\"},{\"UserName\":\"daemon\",\"UserId\":\"1\",\"GroupNames\":\"daemon\","
                         "\"GroupIds\":\"1\"},{\"UserName\":\"operator\",\"UserId\":\"1000\",\"GroupNames\":"
                         "\"operator;adm;sudo;docker\",\"GroupIds\":\"1000;4;27;999\"},{\"UserName\":\"guest\","
                         "\"UserId\":\"1002\",\"GroupNames\":\"4242;sudo\",\"GroupIds\":\"4242;27\"}]");
    /* broken (uid not a number) and truncated (three fields) in passwd, bad (gid zz) in group */
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), 3);
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

static void local_users_without_passwd_fails_the_snapshot(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "LocalUsers", FIXTURE("SystemInformation")); /* no etc/passwd */
    assert_int_equal(sa_collector_collect(c), SA_ERR_IO);
    assert_non_null(strstr(sa_collector_last_error(c), "etc/passwd"));
    assert_int_equal(collector_counter(c, SA_COLLECTOR_FAILED_SNAPSHOTS), 1);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 0);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

static void local_users_unreadable_group_fails_missing_group_does_not(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "LocalUsers", FIXTURE("LocalUsers"));
    refuse(c, "etc/group", EACCES);
    assert_int_equal(sa_collector_collect(c), SA_ERR_IO);
    sa_collector_destroy(c);
    c = new_collector(agent, "LocalUsers", FIXTURE("LocalUsers"));
    refuse(c, "etc/group", ENOENT);
    assert_int_equal(sa_collector_collect(c), SA_OK);
    char *out = flushed(agent);
    assert_contains(out, "{\"UserName\":\"root\",\"UserId\":\"0\",\"GroupNames\":\"0\",\"GroupIds\":\"0\"}");
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

static void local_users_out_of_memory_is_reported_and_recovers(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "LocalUsers", FIXTURE("LocalUsers"));
    int failures = 0;
    for (size_t n = 1; n < 64; n++) {
        agent_allocator_fail_after(agent, n);
        sa_status_t status = sa_collector_collect(c);
        agent_allocator_fail_after(agent, 0);
        if (status == SA_OK)
            break;
        assert_int_equal(status, SA_ERR_NO_MEMORY);
        failures++;
    }
    assert_true(failures > 0);
    assert_int_equal(sa_collector_collect(c), SA_OK);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(local_users_reads_users_and_groups_of_the_fixture),
        cmocka_unit_test(local_users_without_passwd_fails_the_snapshot),
        cmocka_unit_test(local_users_unreadable_group_fails_missing_group_does_not),
        cmocka_unit_test(local_users_out_of_memory_is_reported_and_recovers),
    };
    return cmocka_run_group_tests_name("local_users", tests, NULL, NULL);
}
