/* test_support.h - helpers shared by the test binaries. */
#ifndef SA_TEST_SUPPORT_H
#define SA_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "secagent.h"

/* 2024-03-05T09:15:02.123Z */
#define T0 INT64_C(1709630102123)
#define AGENT_ID "5b0d9d52-3a4f-4c1e-9f7e-0c2d41a8e6b3"

#define S(text) text, strlen(text)

static inline sa_agent_t *new_agent(int offset_minutes)
{
    sa_options_t *options = NULL;
    sa_agent_t *agent = NULL;
    assert_int_equal(sa_options_create(&options), SA_OK);
    assert_int_equal(sa_options_set_agent_id(options, S(AGENT_ID)), SA_OK);
    assert_int_equal(sa_options_set_agent_version(options, S("1.2.0")), SA_OK);
    assert_int_equal(sa_options_set_deterministic(options, 1), SA_OK);
    assert_int_equal(sa_options_set_utc_offset(options, offset_minutes), SA_OK);
    assert_int_equal(sa_agent_create(options, T0, &agent), SA_OK);
    sa_options_destroy(options);
    return agent;
}

static inline sa_event_t *process_create(sa_agent_t *agent, const char *command_line, int64_t pid)
{
    sa_event_t *e = NULL;
    assert_int_equal(sa_event_create(agent, S("ProcessCreate"), &e), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("Executable"), S("/usr/bin/curl")), SA_OK);
    assert_int_equal(sa_event_set_integer(e, S("ProcessId"), pid), SA_OK);
    assert_int_equal(sa_event_set_integer(e, S("ParentProcessId"), 1), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("UserId"), S("1000")), SA_OK);
    assert_int_equal(sa_event_set_string(e, S("CommandLine"), command_line, strlen(command_line)), SA_OK);
    return e;
}

/* Takes the next message and checks it equals `expected`. */
static inline void expect_message(sa_agent_t *agent, const char *expected)
{
    const char *body = NULL;
    size_t length = 0;
    sa_queue_t priority;
    assert_int_equal(sa_agent_take_message(agent, &body, &length, &priority), SA_OK);
    assert_string_equal(body, expected);
    assert_int_equal(length, strlen(expected));
}

static inline uint64_t counter(sa_agent_t *agent, sa_counter_t c, sa_queue_t q)
{
    uint64_t value = 0;
    assert_int_equal(sa_agent_get_counter(agent, c, q, &value), SA_OK);
    return value;
}

#endif
