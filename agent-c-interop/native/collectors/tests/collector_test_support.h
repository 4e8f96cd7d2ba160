/* collector_test_support.h - helpers shared by the collectors' test binaries: an agent in
 * deterministic mode, a collector on a fixture root, and the payload of what it submitted. */
#ifndef SA_COLLECTOR_TEST_SUPPORT_H
#define SA_COLLECTOR_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "secagent.h"

#define T0 INT64_C(1709630102123)
#define S(text) text, strlen(text)
#define FIXTURE(collector) SA_LINUX_FIXTURES "/" collector "/root"

static inline sa_agent_t *new_agent(void)
{
    sa_options_t *options = NULL;
    sa_agent_t *agent = NULL;
    assert_int_equal(sa_options_create(&options), SA_OK);
    assert_int_equal(sa_options_set_deterministic(options, 1), SA_OK);
    assert_int_equal(sa_agent_create(options, T0, &agent), SA_OK);
    sa_options_destroy(options);
    /* every event on, unaggregated, so that each submitted event shows in the messages */
    const char *twin = "{\"aggregationEnabledProcessCreate\":{\"value\":false},"
                       "\"aggregationEnabledProcessTerminate\":{\"value\":false}}";
    assert_int_equal(sa_agent_apply_twin(agent, twin, strlen(twin)), SA_OK);
    return agent;
}

static inline sa_collector_t *new_collector(sa_agent_t *agent, const char *name, const char *root)
{
    sa_collector_t *collector = NULL;
    assert_int_equal(sa_collector_create(agent, name, strlen(name), root, strlen(root), &collector), SA_OK);
    return collector;
}

/* A collector on root that reads recorded input (its option source = recorded). */
static inline sa_collector_t *new_recorded_collector(sa_agent_t *agent, const char *name, const char *root)
{
    sa_collector_t *collector = new_collector(agent, name, root);
    assert_int_equal(sa_collector_set_option(collector, "source", 6, "recorded", 8), SA_OK);
    return collector;
}

/* A ProcessCreate on "/" reading the proc connector, started; where the kernel refuses it (it
 * needs CAP_NET_ADMIN) the collector and the agent are destroyed and the test is skipped. */
static inline sa_collector_t *started_proc_connector(sa_agent_t *agent)
{
    sa_collector_t *collector = new_collector(agent, "ProcessCreate", "/");
    assert_int_equal(sa_collector_set_option(collector, "source", 6, "proc_connector", 14), SA_OK);
    if (sa_collector_start(collector) != SA_OK) {
        sa_collector_destroy(collector);
        sa_agent_destroy(agent);
        skip();
    }
    return collector;
}

/* The whole file at path, NUL-terminated (the caller frees); *length its size. */
static inline char *read_whole_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    assert_true(size >= 0);
    assert_int_equal(fseek(f, 0, SEEK_SET), 0);
    char *bytes = malloc((size_t)size + 1);
    assert_non_null(bytes);
    *length = fread(bytes, 1, (size_t)size, f);
    assert_int_equal(*length, (size_t)size);
    bytes[*length] = 0;
    fclose(f);
    return bytes;
}

/* Flushes the agent and returns every message body concatenated (caller frees). */
static inline char *flushed(sa_agent_t *agent)
{
    size_t ready = 0, total = 0;
    char *all = calloc(1, 1);
    assert_non_null(all);
    assert_int_equal(sa_agent_flush_all(agent, &ready), SA_OK);
    const char *body;
    size_t length;
    sa_queue_t priority;
    while (sa_agent_take_message(agent, &body, &length, &priority) == SA_OK) {
        char *grown = realloc(all, total + length + 2);
        assert_non_null(grown);
        all = grown;
        memcpy(all + total, body, length);
        total += length;
        all[total++] = '\n';
        all[total] = 0;
    }
    return all;
}

/* Asserts that text contains expected. */
#define assert_contains(text, expected)                                                              \
    do {                                                                                             \
        if (strstr((text), (expected)) == NULL)                                                      \
            fail_msg("expected to find\n  %s\nin\n  %s", (expected), (text));                        \
    } while (0)

static inline uint64_t collector_counter(const sa_collector_t *collector, sa_collector_counter_t which)
{
    uint64_t value = 0;
    assert_int_equal(sa_collector_get_counter(collector, which, &value), SA_OK);
    return value;
}

/* A source that refuses one path with an errno, and passes the rest to the collector's own. */
#include <errno.h>
#include "agent.h"
#include "collector.h"

/* agent_allocator_fail_after - the n-th allocation of the agent from now fails (0: none). */
static inline void agent_allocator_fail_after(sa_agent_t *agent, size_t n)
{
    agent->allocator.fail_after = n;
}

typedef struct refusing {
    const os_source_ops_t *inner;
    const char *path;
    int error;
} refusing_t;

static refusing_t refusing_state;

static inline ssize_t refusing_read(const os_source_t *source, const char *relative, char *buffer, size_t capacity)
{
    if (strcmp(relative, refusing_state.path) == 0)
        return -refusing_state.error;
    return refusing_state.inner->read(source, relative, buffer, capacity);
}

static inline ssize_t refusing_read_link(const os_source_t *source, const char *relative, char *buffer,
                                         size_t capacity)
{
    if (strcmp(relative, refusing_state.path) == 0)
        return -refusing_state.error;
    return refusing_state.inner->read_link(source, relative, buffer, capacity);
}

static inline int refusing_list(const os_source_t *source, const char *relative,
                                int (*visit)(const char *name, void *argument), void *argument)
{
    if (strcmp(relative, refusing_state.path) == 0)
        return -refusing_state.error;
    return refusing_state.inner->list(source, relative, visit, argument);
}

static inline int refusing_modified(const os_source_t *source, const char *relative, int64_t *nanoseconds)
{
    return refusing_state.inner->modified(source, relative, nanoseconds);
}

static inline int refusing_status(const os_source_t *source, const char *relative, int follow, uint32_t *mode,
                                  uint32_t *uid)
{
    return refusing_state.inner->status == NULL ? -ENOSYS : refusing_state.inner->status(source, relative, follow, mode, uid);
}

static inline int refusing_size(const os_source_t *source, const char *relative, uint64_t *bytes)
{
    return refusing_state.inner->size(source, relative, bytes);
}

static inline ssize_t refusing_read_at(const os_source_t *source, const char *relative, uint64_t offset, char *buffer,
                                       size_t capacity)
{
    if (strcmp(relative, refusing_state.path) == 0)
        return -refusing_state.error;
    return refusing_state.inner->read_at(source, relative, offset, buffer, capacity);
}

static const os_source_ops_t refusing_ops = { refusing_read, refusing_read_link, refusing_list, refusing_modified,
                                              refusing_status, refusing_size, refusing_read_at };

/* refuse - makes the collector's source fail on path with error (an errno). */
static inline void refuse(sa_collector_t *collector, const char *path, int error)
{
    refusing_state.inner = collector->os.ops;
    refusing_state.path = path;
    refusing_state.error = error;
    collector->os.ops = &refusing_ops;
}

#endif
