/* system_information_test.c - SystemInformationCollector over fixtures/linux/SystemInformation. */
#include "collector_test_support.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void system_information_reads_every_field_of_the_fixture(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "SystemInformation", FIXTURE("SystemInformation"));
    assert_int_equal(sa_collector_is_periodic(c), 1);
    assert_int_equal(sa_collector_collect(c), SA_OK);
    char *out = flushed(agent);
    assert_contains(out, "\"Payload\":[{\"OSName\":\"Linux\",\"OSVersion\":\"Debian GNU/Linux 12 (bookworm); kernel "
                         "6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\",\"OSVendor\":\"Debian "
                         "GNU/Linux\",\"OsArchitecture\":\"x86_64\",\"HostName\":\"gateway-7\",\"BIOSVersion\":"
                         "\"1.16.2-debian-1.16.2-1\",\"BootDevice\":\"UUID=0f1e2d3c-aaaa-bbbb-cccc-001122334455\","
                         "\"TotalPhysicalMemoryInKB\":4025344,\"FreePhysicalMemoryInKB\":2811904,"
                         "\"TotalVirtualMemoryInKB\":5073916,\"FreeVirtualMemoryInKB\":3859904}]");
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 1);
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

/* A tree with only some sources: missing fields are omitted, never guessed. */
static void system_information_omits_what_is_missing(void **state)
{
    (void)state;
    char root[] = "/tmp/sa-sysinfo-XXXXXX";
    assert_non_null(mkdtemp(root));
    char path[256];
    snprintf(path, sizeof path, "%s/proc", root);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/proc/meminfo", root);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("MemTotal: 100 kB\nMemFree:  40 kB\nSwapFree: x kB\ngarbage\n:5\nMemTotal: 1", f); /* last line truncated */
    fclose(f);
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "SystemInformation", root);
    assert_int_equal(sa_collector_collect(c), SA_OK);
    char *out = flushed(agent);
    assert_contains(out, "\"Payload\":[{\"OSName\":\"Linux\",\"TotalPhysicalMemoryInKB\":1,"
                         "\"FreePhysicalMemoryInKB\":40,\"TotalVirtualMemoryInKB\":1,\"FreeVirtualMemoryInKB\":40}]");
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
    unlink(path);
    snprintf(path, sizeof path, "%s/proc", root);
    rmdir(path);
    rmdir(root);
}

static void system_information_unreadable_source_is_omitted(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "SystemInformation", FIXTURE("SystemInformation"));
    refuse(c, "proc/sys/kernel/hostname", EACCES);
    assert_int_equal(sa_collector_collect(c), SA_OK);
    char *out = flushed(agent);
    assert_null(strstr(out, "HostName"));
    assert_contains(out, "\"BIOSVersion\"");
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

static void system_information_live_host_names_its_architecture(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "SystemInformation", "/");
    assert_int_equal(sa_collector_collect(c), SA_OK);
    char *out = flushed(agent);
    assert_contains(out, "\"OsArchitecture\":\"");
    assert_contains(out, "\"OSName\":\"Linux\"");
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(system_information_reads_every_field_of_the_fixture),
        cmocka_unit_test(system_information_omits_what_is_missing),
        cmocka_unit_test(system_information_unreadable_source_is_omitted),
        cmocka_unit_test(system_information_live_host_names_its_architecture),
    };
    return cmocka_run_group_tests_name("system_information", tests, NULL, NULL);
}
