/* exec_joiner_test.c - the audit exec join of ProcessCreate: AuditExecParser's port on the
 * recorded exec-join events and on hostile, truncated and malformed EXECVE text; ExecJoiner's
 * port over the recorded streams in both orders (exits held until their create), its wait and
 * its bound; memory failing at every allocation; and live, execs named from audit while /proc
 * is refused to the collector. */
#include "collector_test_support.h"

#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit_event_assembler.h"
#include "audit_exec_parser.h"
#include "exec_joiner.h"
#include "process_tracker.h"

#define JOIN_FIXTURE SA_LINUX_FIXTURES "/ProcessCreate/exec-join"

/* ---- the parser ----------------------------------------------------------------------- */

typedef struct parsed {
    sa_allocator_t *allocator;
    audit_exec_t execs[8];
    size_t count;
    int failed;
    uint64_t malformed;
} parsed_t;

static void collect_exec(const audit_record_t *records, size_t count, void *argument)
{
    parsed_t *p = argument;
    audit_exec_t exec;
    int r = audit_exec_parse(records, count, p->allocator, &exec, &p->malformed);
    if (r < 0)
        p->failed = 1;
    else if (r > 0 && p->count < 8)
        p->execs[p->count++] = exec;
    else if (r > 0)
        audit_exec_release(&exec, p->allocator);
}

/* Parses audit log text (one record a line) into p. */
static void parse_log(parsed_t *p, sa_allocator_t *allocator, const char *text)
{
    audit_event_assembler_t assembler;
    memset(p, 0, sizeof *p);
    p->allocator = allocator;
    audit_event_assembler_init(&assembler, allocator, collect_exec, p);
    const char *line = text;
    while (*line != 0) {
        const char *end = strchr(line, '\n');
        size_t length = end != NULL ? (size_t)(end - line) : strlen(line);
        audit_record_t record;
        if (audit_record_parse_log_line(line, length, &record))
            audit_event_assembler_add(&assembler, &record);
        line += length + (end != NULL);
    }
    audit_event_assembler_flush(&assembler);
    audit_event_assembler_release(&assembler);
}

static void release_parsed(parsed_t *p)
{
    for (size_t i = 0; i < p->count; i++)
        audit_exec_release(&p->execs[i], p->allocator);
}

static void audit_exec_parser_reads_the_recorded_execs(void **state)
{
    (void)state;
    sa_allocator_t allocator = { 0 };
    size_t length;
    char *log = read_whole_file(JOIN_FIXTURE "/audit.log", &length);
    parsed_t p;
    parse_log(&p, &allocator, log);
    assert_int_equal(p.count, 2); /* the recorder's own sendto is not an exec */
    assert_int_equal(p.malformed, 0);
    assert_int_equal(p.execs[0].pid, 14790);
    assert_int_equal(p.execs[0].parent, 14748);
    assert_int_equal(p.execs[0].uid, 0);
    assert_string_equal(p.execs[0].executable, "/usr/bin/dash");
    assert_string_equal(p.execs[0].command_line, "/bin/sh -c /bin/echo \"two words\" 10 >/dev/null; exit 3");
    assert_string_equal(p.execs[1].executable, "/usr/bin/echo");
    assert_string_equal(p.execs[1].command_line, "/bin/echo two words 10");
    release_parsed(&p);
    assert_int_equal(allocator.bytes, 0);
    free(log);
}

#define SYSCALL_LINE(serial, rest)                                                                             \
    "type=SYSCALL msg=audit(1795996328.855:" serial "): arch=c000003e syscall=59 success=yes exit=0 items=2 "   \
    "ppid=10 pid=20 auid=4294967295 uid=1000 gid=0 comm=\"x\" " rest "\n"
#define EXECVE_LINE(serial, fields) "type=EXECVE msg=audit(1795996328.855:" serial "): " fields "\n"
#define EOE_LINE(serial) "type=EOE msg=audit(1795996328.855:" serial "): \n"

/* The command line of one exec event with the given EXECVE fields (exe="/bin/x"). */
static void assert_command_line(const char *execve_fields, const char *expected)
{
    sa_allocator_t allocator = { 0 };
    char log[4096];
    snprintf(log, sizeof log, "%s%s%s", SYSCALL_LINE("1", "exe=\"/bin/x\""),
             "type=EXECVE msg=audit(1795996328.855:1): ", "");
    snprintf(log + strlen(log), sizeof log - strlen(log), "%s\n%s", execve_fields, EOE_LINE("1"));
    parsed_t p;
    parse_log(&p, &allocator, log);
    assert_int_equal(p.count, 1);
    if (strcmp(p.execs[0].command_line, expected) != 0)
        fail_msg("EXECVE %s: got \"%s\", expected \"%s\"", execve_fields, p.execs[0].command_line, expected);
    release_parsed(&p);
    assert_int_equal(allocator.bytes, 0);
}

static void audit_exec_parser_reads_hex_chunks_and_hostile_arguments(void **state)
{
    (void)state;
    assert_command_line("argc=2 a0=\"ls\" a1=2D6C", "ls -l");
    assert_command_line("argc=2 a0=\"ls\" a1=2d6c", "ls -l");          /* lower-case hex too */
    assert_command_line("argc=2 a0=\"ls\" a1=2D6", "ls 2D6");           /* odd: as is */
    assert_command_line("argc=2 a0=\"ls\" a1=2G", "ls 2G");             /* not hex: as is */
    assert_command_line("argc=2 a0=\"ls\" a1=FF41", "ls \xEF\xBF\xBD" "A"); /* invalid UTF-8 repaired */
    assert_command_line("argc=3 a0=\"a\" a2=\"c\"", "a c");             /* a missing argument is left out */
    assert_command_line("argc=2 a0=\"a\" a1=\"\"", "a ");               /* an empty one is not */
    assert_command_line("a0=\"early\" argc=1 a0=\"late\"", "late");     /* nothing before argc */
    assert_command_line("argc=1 argc=3 a0=\"x\" a1=\"y\"", "x");        /* the first argc wins */
    assert_command_line("argc=1 a0=\"x\" a0=\"y\"", "y");               /* the last value wins */
    assert_command_line("argc=1 a1=\"beyond\" a0=\"x\"", "x");
    assert_command_line("argc=1 a0_len=6 a0[0]=\"abc\" a0[1]=646566", "abcdef");
    assert_command_line("argc=1 a0[1]=\"def\" a0=\"direct\" a0[0]=\"abc\"", "direct");
    assert_command_line("argc=2 a1[0]=\"b\" a0=\"a\" a1[1]=\"c\"", "a bc");
    assert_command_line("argc=1048577 a0=\"x\"", "");                  /* argc over 1 << 20: ignored */
    assert_command_line("argc=-1 a0=\"x\"", "");
    assert_command_line("argc=1 a99999999999999999999=\"x\" a0=\"y\"", "y");
    assert_command_line("argc=2 a0=\"x\" a1", "x");                     /* no value */
    assert_command_line("argc=1 =\"x\" a0=\"y\"  a0x=\"z\"", "y");
    assert_command_line("argc=0", "");
    assert_command_line("argc=1 a0=\"tab\tbed\"", "tab\tbed");
    assert_command_line("argc=1 a0=666F6F00626172", "foo");             /* NUL kept (a U+0000 in the event) */
}

static void audit_exec_parser_skips_what_is_not_an_exec_and_counts_the_malformed(void **state)
{
    (void)state;
    sa_allocator_t allocator = { 0 };
    parsed_t p;
    static const char *not_execs[] = {
        EXECVE_LINE("1", "argc=1 a0=\"x\"") EOE_LINE("1"), /* no SYSCALL */
        "type=SYSCALL msg=audit(1.1:1): arch=c000003e syscall=59 success=no pid=1 ppid=1 uid=0\n" EXECVE_LINE("1", "argc=0"),
        "type=SYSCALL msg=audit(1.1:1): arch=c000003e syscall=42 success=yes pid=1 ppid=1 uid=0\n" EXECVE_LINE("1", "argc=0"),
        "type=SYSCALL msg=audit(1.1:1): arch=zz syscall=59 success=yes pid=1 ppid=1 uid=0\n" EXECVE_LINE("1", "argc=0"),
        "type=SYSCALL msg=audit(1.1:1): syscall=59 success=yes pid=1 ppid=1 uid=0\n" EXECVE_LINE("1", "argc=0"),
    };
    for (size_t i = 0; i < sizeof not_execs / sizeof not_execs[0]; i++) {
        parse_log(&p, &allocator, not_execs[i]);
        assert_int_equal(p.count, 0);
        assert_int_equal(p.malformed, 0);
    }
    static const char *malformed[] = {
        "type=SYSCALL msg=audit(1.1:1): arch=c000003e syscall=59 success=yes pid=1 ppid=1 uid=0\n", /* no EXECVE */
        "type=SYSCALL msg=audit(1.1:1): arch=c000003e syscall=59 success=yes ppid=1 uid=0\n" EXECVE_LINE("1", "argc=0"),
        "type=SYSCALL msg=audit(1.1:1): arch=c000003e syscall=59 success=yes pid=-1 ppid=1 uid=0\n" EXECVE_LINE("1", "argc=0"),
        "type=SYSCALL msg=audit(1.1:1): arch=c000003e syscall=59 success=yes pid=4294967296 ppid=1 uid=0\n" EXECVE_LINE("1", "argc=0"),
        "type=SYSCALL msg=audit(1.1:1): arch=c000003e syscall=322 success=yes pid=1 ppid=1 uid=x\n" EXECVE_LINE("1", "argc=0"),
    };
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
        parse_log(&p, &allocator, malformed[i]);
        assert_int_equal(p.count, 0);
        assert_int_equal(p.malformed, 1);
    }
    /* i386 execve (11), and exe absent, "(null)" or hex */
    parse_log(&p, &allocator, "type=SYSCALL msg=audit(1.1:1): arch=40000003 syscall=11 success=yes pid=7 ppid=1 uid=5 exe=(null)\n"
                              EXECVE_LINE("1", "argc=1 a0=\"x\"")
                              "type=SYSCALL msg=audit(1.1:2): arch=c000003e syscall=322 success=yes pid=8 ppid=1 uid=5\n"
                              EXECVE_LINE("2", "argc=1 a0=\"y\"")
                              "type=SYSCALL msg=audit(1.1:3): arch=c000003e syscall=59 success=yes pid=9 ppid=1 uid=5 exe=2F612062\n"
                              EXECVE_LINE("3", "argc=0"));
    assert_int_equal(p.count, 3);
    assert_int_equal(p.execs[0].has_executable, 0);
    assert_int_equal(p.execs[1].has_executable, 0);
    assert_int_equal(p.execs[2].has_executable, 1);
    assert_string_equal(p.execs[2].executable, "/a b");
    release_parsed(&p);
    assert_int_equal(allocator.bytes, 0);
}

static void audit_exec_parser_survives_every_truncation_and_memory_failure(void **state)
{
    (void)state;
    size_t length;
    char *log = read_whole_file(JOIN_FIXTURE "/audit.log", &length);
    sa_allocator_t allocator = { 0 };
    parsed_t p;
    for (size_t cut = 0; cut <= length; cut += 7) {
        char saved = log[cut];
        log[cut] = 0;
        parse_log(&p, &allocator, log);
        assert_true(p.count <= 2);
        release_parsed(&p);
        log[cut] = saved;
        assert_int_equal(allocator.bytes, 0);
    }
    int succeeded = 0;
    for (size_t n = 1; n < 200 && !succeeded; n++) {
        allocator.fail_after = n;
        parse_log(&p, &allocator, log);
        allocator.fail_after = 0;
        succeeded = p.count == 2 && !p.failed;
        if (!succeeded)
            assert_true(p.count < 2 || p.failed);
        release_parsed(&p);
        assert_int_equal(allocator.bytes, 0);
    }
    assert_true(succeeded);
    free(log);
}

/* ---- the collector, recorded ------------------------------------------------------------ */

static uint8_t *read_datagrams(size_t *length)
{
    return (uint8_t *)read_whole_file(JOIN_FIXTURE "/proc-connector.bin", length);
}

static const char *const shell_create =
    "\"Payload\":[{\"Executable\":\"/usr/bin/dash\",\"ProcessId\":14790,\"ParentProcessId\":14748,\"UserId\":\"0\","
    "\"CommandLine\":\"/bin/sh -c /bin/echo \\\"two words\\\" 10 >/dev/null; exit 3\",\"UserName\":\"root\"}]";
static const char *const echo_create =
    "\"Payload\":[{\"Executable\":\"/usr/bin/echo\",\"ProcessId\":14791,\"ParentProcessId\":14790,\"UserId\":\"0\","
    "\"CommandLine\":\"/bin/echo two words 10\",\"UserName\":\"root\"}]";
static const char *const echo_exit = "\"Payload\":[{\"Executable\":\"/usr/bin/echo\",\"ProcessId\":14791,\"ExitStatus\":0}]";
static const char *const shell_exit = "\"Payload\":[{\"Executable\":\"/usr/bin/dash\",\"ProcessId\":14790,\"ExitStatus\":3}]";

static void assert_before(const char *text, const char *first, const char *second)
{
    const char *a = strstr(text, first), *b = strstr(text, second);
    if (a == NULL || b == NULL || a > b)
        fail_msg("expected\n  %s\nbefore\n  %s\nin\n  %s", first, second, text);
}

static void assert_joined(char *out)
{
    assert_before(out, shell_create, shell_exit);
    assert_before(out, echo_create, echo_exit);
    assert_null(strstr(out, "Incomplete"));
}

/* The recorded streams in one order: audit first (datagrams join at once), or the datagrams
 * first after a line of audit text that is no exec (they wait; exits are held). */
static void feed_streams(sa_collector_t *c, int audit_first)
{
    size_t log_length, datagram_length;
    char *log = read_whole_file(JOIN_FIXTURE "/audit.log", &log_length);
    uint8_t *datagrams = read_datagrams(&datagram_length);
    const char *second_line = strchr(log, '\n') + 1;
    if (audit_first) {
        assert_int_equal(sa_collector_feed(c, log, log_length), SA_OK);
        assert_int_equal(sa_collector_feed(c, datagrams, datagram_length), SA_OK);
    } else {
        assert_int_equal(sa_collector_feed(c, log, (size_t)(second_line - log)), SA_OK);
        assert_int_equal(sa_collector_feed(c, datagrams, datagram_length), SA_OK);
        assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 0);
        assert_int_equal(sa_collector_feed(c, second_line, log_length - (size_t)(second_line - log)), SA_OK);
    }
    free(log);
    free(datagrams);
}

static void process_create_joins_the_recorded_streams_in_either_order(void **state)
{
    (void)state;
    for (int audit_first = 0; audit_first < 2; audit_first++) {
        sa_agent_t *agent = new_agent();
        sa_collector_t *c = new_recorded_collector(agent, "ProcessCreate", FIXTURE("ProcessCreate"));
        feed_streams(c, audit_first);
        assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 4);
        assert_int_equal(collector_counter(c, SA_COLLECTOR_INCOMPLETE), 0);
        assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), 0);
        sa_collector_destroy(c);
        char *out = flushed(agent);
        assert_joined(out);
        free(out);
        sa_agent_destroy(agent);
    }
}

static void process_create_survives_memory_failing_at_every_point(void **state)
{
    (void)state;
    size_t log_length, datagram_length;
    char *log = read_whole_file(JOIN_FIXTURE "/audit.log", &log_length);
    uint8_t *datagrams = read_datagrams(&datagram_length);
    const char *second_line = strchr(log, '\n') + 1;
    for (int audit_first = 0; audit_first < 2; audit_first++) {
        int clean = 0;
        for (size_t n = 1; n < 400 && !clean; n++) {
            sa_agent_t *agent = new_agent();
            sa_collector_t *c = new_recorded_collector(agent, "ProcessCreate", FIXTURE("ProcessCreate"));
            assert_int_equal(sa_collector_start(c), SA_OK);
            agent_allocator_fail_after(agent, n);
            sa_status_t s1, s2, s3 = SA_OK;
            if (audit_first) {
                s1 = sa_collector_feed(c, log, log_length);
                s2 = sa_collector_feed(c, datagrams, datagram_length);
            } else {
                s1 = sa_collector_feed(c, log, (size_t)(second_line - log));
                s2 = sa_collector_feed(c, datagrams, datagram_length);
                s3 = sa_collector_feed(c, second_line, log_length - (size_t)(second_line - log));
            }
            int failed = agent->allocator.fail_after == 0; /* the n-th allocation happened (and failed) */
            agent_allocator_fail_after(agent, 0);
            if (!failed) {
                assert_int_equal(s1, SA_OK);
                assert_int_equal(s2, SA_OK);
                assert_int_equal(s3, SA_OK);
                clean = 1;
            } else {
                assert_true(s1 == SA_OK || s1 == SA_ERR_NO_MEMORY);
                assert_true(s2 == SA_OK || s2 == SA_ERR_NO_MEMORY);
                assert_true(s3 == SA_OK || s3 == SA_ERR_NO_MEMORY);
            }
            sa_collector_destroy(c);
            char *out = flushed(agent);
            if (clean)
                assert_joined(out);
            free(out);
            sa_agent_destroy(agent);
        }
        assert_true(clean);
    }
    free(log);
    free(datagrams);
}

/* ---- the joiner's wait and bound --------------------------------------------------------- */

typedef struct joiner_fixture {
    sa_agent_t *agent;
    sa_collector_t *c;
    process_tracker_t tracker;
    exec_joiner_t joiner;
} joiner_fixture_t;

static void joiner_setup(joiner_fixture_t *f, size_t capacity)
{
    f->agent = new_agent();
    f->c = new_recorded_collector(f->agent, "ProcessCreate", FIXTURE("ProcessCreate"));
    assert_int_equal(process_tracker_init(&f->tracker, f->c), SA_OK);
    exec_joiner_init(&f->joiner, &f->tracker, f->c->allocator, 2000, capacity);
}

static void joiner_teardown(joiner_fixture_t *f)
{
    exec_joiner_release(&f->joiner);
    process_tracker_release(&f->tracker);
    sa_collector_destroy(f->c);
    sa_agent_destroy(f->agent);
}

static void joiner_feed_proc(joiner_fixture_t *f, int64_t now)
{
    size_t length;
    uint8_t *datagrams = read_datagrams(&length);
    for (size_t offset = 0; offset + 16 <= length;) {
        uint32_t size;
        memcpy(&size, datagrams + offset, 4);
        proc_event_t e;
        if (size < 16 || offset + size > length)
            break;
        if (proc_connector_parse_one(datagrams + offset, size, &e) && e.kind != 0)
            exec_joiner_on_proc_event(&f->joiner, &e, now);
        offset += (size + 3u) & ~3u;
    }
    free(datagrams);
}

static void joiner_feed_audit(joiner_fixture_t *f, int64_t now)
{
    size_t length;
    char *log = read_whole_file(JOIN_FIXTURE "/audit.log", &length);
    parsed_t p;
    parse_log(&p, f->c->allocator, log);
    assert_int_equal(p.count, 2);
    for (size_t i = 0; i < p.count; i++)
        exec_joiner_on_audit(&f->joiner, &p.execs[i], now);
    release_parsed(&p);
    free(log);
}

static void exec_joiner_sends_from_proc_after_the_wait_and_then_stops_waiting(void **state)
{
    (void)state;
    joiner_fixture_t f;
    joiner_setup(&f, EXEC_JOINER_DEFAULT_CAPACITY);
    joiner_feed_proc(&f, T0);
    assert_int_equal(f.joiner.execs.count, 2);
    exec_joiner_expire(&f.joiner, T0 + 1999);
    assert_int_equal(collector_counter(f.c, SA_COLLECTOR_SUBMITTED_EVENTS), 0);
    exec_joiner_expire(&f.joiner, T0 + 2000);
    assert_int_equal(collector_counter(f.c, SA_COLLECTOR_SUBMITTED_EVENTS), 4);
    assert_int_equal(collector_counter(f.c, SA_COLLECTOR_INCOMPLETE), 2);
    assert_int_equal(f.joiner.unjoined, 2);
    assert_int_equal(f.joiner.audit_flowing, 0); /* no audit exec came while they waited */
    char *out = flushed(f.agent);
    /* gone before /proc was read: not read at all (the exit was held), parent from the fork */
    assert_contains(out, "\"Payload\":[{\"Executable\":\"[unknown]\",\"ProcessId\":14791,\"ParentProcessId\":14790,"
                         "\"UserId\":\"0\",\"CommandLine\":\"\",\"ExtraDetails\":{\"Incomplete\":\"exited before /proc was read\"}}]");
    free(out);
    /* audit not flowing: an exec is read from /proc at once; an audit exec makes it flow again */
    joiner_feed_proc(&f, T0 + 3000);
    assert_int_equal(f.joiner.execs.count, 0);
    assert_int_equal(collector_counter(f.c, SA_COLLECTOR_SUBMITTED_EVENTS), 8);
    joiner_feed_audit(&f, T0 + 3000);
    assert_int_equal(f.joiner.audit_flowing, 1);
    assert_int_equal(f.joiner.audits.count, 2);
    exec_joiner_expire(&f.joiner, T0 + 5000);
    assert_int_equal(f.joiner.unmatched, 2);
    assert_int_equal(f.joiner.audits.count, 0);
    joiner_teardown(&f);
}

static void exec_joiner_bounds_what_waits(void **state)
{
    (void)state;
    joiner_fixture_t f;
    joiner_setup(&f, 1);
    joiner_feed_proc(&f, T0); /* two execs: the first is sent from /proc when the second waits */
    assert_int_equal(f.joiner.unjoined, 1);
    assert_int_equal(f.joiner.execs.count, 1);
    joiner_feed_audit(&f, T0);
    assert_int_equal(f.joiner.joined, 1);
    assert_int_equal(f.joiner.audits.count, 1); /* the shell's: its exec was sent already */
    exec_joiner_flush(&f.joiner);
    assert_int_equal(f.joiner.unmatched, 1);
    assert_int_equal(f.joiner.audits.count, 0);
    assert_int_equal(collector_counter(f.c, SA_COLLECTOR_SUBMITTED_EVENTS), 4);
    joiner_teardown(&f);
    /* many execs of one pid and many pids: the bound holds and they are sent first to first */
    joiner_setup(&f, 64);
    for (uint32_t i = 0; i < 1000; i++) {
        proc_event_t e = { PROC_EVENT_EXEC, 100000 + i % 300, 100000 + i % 300, 0, 0 };
        exec_joiner_on_proc_event(&f.joiner, &e, T0 + i);
        assert_true(f.joiner.execs.count <= 64);
    }
    assert_int_equal(f.joiner.unjoined, 1000 - 64);
    exec_joiner_expire(&f.joiner, T0 + 5000);
    assert_int_equal(f.joiner.execs.count, 0);
    assert_int_equal(f.joiner.unjoined, 1000);
    joiner_teardown(&f);
}

/* ---- live ------------------------------------------------------------------------------- */

/* Refuses every path under proc/ to the collector once started: what it names must come from audit. */
static const os_source_ops_t *live_inner;
static ssize_t no_proc_read(const os_source_t *s, const char *relative, char *buffer, size_t capacity)
{
    return strncmp(relative, "proc/", 5) == 0 ? -ENOENT : live_inner->read(s, relative, buffer, capacity);
}
static ssize_t no_proc_read_link(const os_source_t *s, const char *relative, char *buffer, size_t capacity)
{
    return strncmp(relative, "proc/", 5) == 0 ? -ENOENT : live_inner->read_link(s, relative, buffer, capacity);
}
static int no_proc_list(const os_source_t *s, const char *relative, int (*visit)(const char *, void *), void *argument)
{
    return live_inner->list(s, relative, visit, argument);
}
static int no_proc_modified(const os_source_t *s, const char *relative, int64_t *ns)
{
    return live_inner->modified(s, relative, ns);
}
static int no_proc_status(const os_source_t *s, const char *relative, int follow, uint32_t *mode, uint32_t *uid)
{
    return live_inner->status(s, relative, follow, mode, uid);
}
static int no_proc_size(const os_source_t *s, const char *relative, uint64_t *bytes)
{
    return live_inner->size(s, relative, bytes);
}
static ssize_t no_proc_read_at(const os_source_t *s, const char *relative, uint64_t offset, char *buffer, size_t capacity)
{
    return strncmp(relative, "proc/", 5) == 0 ? -ENOENT : live_inner->read_at(s, relative, offset, buffer, capacity);
}
static const os_source_ops_t no_proc_ops = { no_proc_read, no_proc_read_link, no_proc_list, no_proc_modified,
                                             no_proc_status, no_proc_size, no_proc_read_at };

static void process_create_live_execs_are_named_from_audit(void **state)
{
    (void)state;
#ifdef SA_EMULATED
    skip();
#endif
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = started_proc_connector(agent);
    if (strstr(sa_collector_last_error(c), "joined to audit") == NULL) {
        print_message("audit refused: %s\n", sa_collector_last_error(c));
        sa_collector_destroy(c);
        sa_agent_destroy(agent);
        skip(); /* needs CAP_AUDIT_CONTROL */
    }
    live_inner = c->os.ops;
    c->os.ops = &no_proc_ops;
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        execl("/bin/echo", "/bin/echo", "two words", "exec-join-live-test", (char *)NULL);
        _exit(127);
    }
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    char expected[256];
    snprintf(expected, sizeof expected, "\"ProcessId\":%d,\"ParentProcessId\":%d,\"UserId\":\"%u\","
             "\"CommandLine\":\"/bin/echo two words exec-join-live-test\"", (int)child, (int)getpid(), (unsigned)getuid());
    int seen = 0;
    char *all = calloc(1, 1);
    for (int i = 0; i < 50 && !seen; i++) {
        assert_int_equal(sa_collector_collect(c), SA_OK);
        char *out = flushed(agent);
        seen = strstr(out, expected) != NULL;
        if (seen)
            assert_null(strstr(strstr(out, expected), "Incomplete"));
        free(all);
        all = out;
        struct timespec pause = { 0, 50000000L };
        nanosleep(&pause, NULL);
    }
    if (!seen)
        fail_msg("no ProcessCreate named from audit for %d", (int)child);
    free(all);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_INCOMPLETE), 0);
    c->os.ops = live_inner;
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(audit_exec_parser_reads_the_recorded_execs),
        cmocka_unit_test(audit_exec_parser_reads_hex_chunks_and_hostile_arguments),
        cmocka_unit_test(audit_exec_parser_skips_what_is_not_an_exec_and_counts_the_malformed),
        cmocka_unit_test(audit_exec_parser_survives_every_truncation_and_memory_failure),
        cmocka_unit_test(process_create_joins_the_recorded_streams_in_either_order),
        cmocka_unit_test(process_create_survives_memory_failing_at_every_point),
        cmocka_unit_test(exec_joiner_sends_from_proc_after_the_wait_and_then_stops_waiting),
        cmocka_unit_test(exec_joiner_bounds_what_waits),
        cmocka_unit_test(process_create_live_execs_are_named_from_audit),
    };
    return cmocka_run_group_tests_name("exec_joiner", tests, NULL, NULL);
}
