/* login_test.c - LoginCollector's wtmp/btmp side: the record parser on the fixture files of
 * fixtures/linux/Login and on hostile records, the tail (appends, partial records, rotation,
 * missing and refused files, the per-read limit), the recorded tree through the collector, the
 * options, and live: records glibc itself appends (updwtmp) to a scratch root's wtmp and btmp
 * while the collector polls them. */
#include "collector_test_support.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>

#include "utmp_parser.h"
#include "utmp_tail.h"

#define RECORD UTMP_RECORD_LENGTH

/* ---- helpers ------------------------------------------------------------------------------ */

static size_t read_file(const char *path, uint8_t *buffer, size_t capacity)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buffer, 1, capacity, f);
    fclose(f);
    return n;
}

static size_t read_fixture(const char *name, uint8_t *buffer, size_t capacity)
{
    char path[512];
    snprintf(path, sizeof path, "%s/var/log/%s", FIXTURE("Login"), name);
    return read_file(path, buffer, capacity);
}

/* A scratch root with var/log (and what the test adds), removed by scratch_remove. */
static void scratch_create(char root[64])
{
    char path[128];
    snprintf(root, 64, "/tmp/sa-login-XXXXXX");
    assert_non_null(mkdtemp(root));
    snprintf(path, sizeof path, "%s/var", root);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/var/log", root);
    assert_int_equal(mkdir(path, 0755), 0);
}

static int remove_entry(const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
    (void)info, (void)flag, (void)ftw;
    return remove(path);
}

static void scratch_remove(const char *root)
{
    nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes (append 0) or appends bytes to <root>/<relative>. */
static void scratch_write(const char *root, const char *relative, const void *bytes, size_t length, int append)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, relative);
    FILE *f = fopen(path, append ? "ab" : "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, length, f), length);
    fclose(f);
}

/* One record as make-utmp.py packs it. */
static void make_record(uint8_t record[RECORD], int16_t type, uint32_t pid, const char *line, const char *user,
                        const char *host, uint32_t seconds, int32_t micros)
{
    memset(record, 0, RECORD);
    record[0] = (uint8_t)type, record[1] = (uint8_t)((uint16_t)type >> 8);
    memcpy(record + 4, &pid, 4);
    memcpy(record + 8, line, strlen(line));
    memcpy(record + 44, user, strlen(user));
    memcpy(record + 76, host, strlen(host));
    memcpy(record + 340, &seconds, 4);
    memcpy(record + 344, &micros, 4);
}

typedef struct seen {
    utmp_record_t records[8];
    char users[8][40];
    size_t count;
} seen_t;

static void keep(const utmp_record_t *record, void *argument)
{
    seen_t *seen = argument;
    if (seen->count == 8)
        return;
    seen->records[seen->count] = *record;
    memcpy(seen->users[seen->count], record->user, record->user_length);
    seen->users[seen->count][record->user_length] = 0;
    seen->count++;
}

/* The named fixture read into data and parsed into a fresh seen and malformed count; the bytes
 * left unparsed (a partial last record waits for the rest). */
static size_t parse_fixture(const char *name, uint8_t *data, size_t capacity, seen_t *seen, uint64_t *malformed)
{
    size_t n = read_fixture(name, data, capacity);
    memset(seen, 0, sizeof *seen);
    *malformed = 0;
    return n - utmp_parse(data, n, keep, seen, malformed);
}

/* ---- the parser --------------------------------------------------------------------------- */

static void login_parser_reads_the_fixture_wtmp(void **state)
{
    (void)state;
    uint8_t data[4096];
    seen_t seen;
    uint64_t malformed;
    /* the truncated last record waits */
    assert_int_equal(parse_fixture("wtmp", data, sizeof data, &seen, &malformed), 100);
    assert_int_equal(malformed, 1);      /* ut_type 77 */
    assert_int_equal(seen.count, 5);
    const int types[] = { 2, 7, 8, 7, 7 };
    const char *users[] = { "reboot", "alice", "", "bob", "carol" };
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(seen.records[i].type, types[i]);
        assert_string_equal(seen.users[i], users[i]);
    }
    const utmp_record_t *alice = &seen.records[1];
    assert_int_equal(alice->pid, 4100);
    assert_int_equal(alice->line_length, 5);
    assert_memory_equal(alice->line, "pts/0", 5);
    assert_int_equal(alice->host_length, 10);
    assert_int_equal(alice->address_size, 4);
    assert_memory_equal(alice->address, "\xC0\x00\x02\x0A", 4);
    assert_int_equal(alice->time_ms, INT64_C(1712000100250));
    assert_int_equal(seen.records[3].address_size, 16);
    assert_int_equal(seen.records[4].address_size, 0);
}

static void login_parser_btmp_negative_type_and_partial_record(void **state)
{
    (void)state;
    uint8_t data[4096];
    seen_t seen;
    uint64_t malformed;
    assert_int_equal(parse_fixture("btmp", data, sizeof data, &seen, &malformed), 2);
    assert_int_equal(seen.count, 3);
    assert_int_equal(malformed, 1);
    assert_int_equal(utmp_parse(data, 0, keep, &seen, &malformed), 0);
    assert_int_equal(utmp_parse(data, RECORD - 1, keep, &seen, &malformed), 0);
}

static void login_parser_hostile_records(void **state)
{
    (void)state;
    uint8_t data[5 * RECORD];
    /* every text field full, no NUL: the field's whole size */
    make_record(data, 7, 0xFFFFFFFFu, "", "", "", 0xFFFFFFFFu, -5);
    memset(data + 8, 'l', 32);
    memset(data + 44, 'u', 32);
    memset(data + 76, 0xFF, 256);
    memset(data + 348, 0, 16);
    data[363] = 1; /* the last byte only: an IPv6 address (::1) */
    make_record(data + RECORD, 9, 1, "x", "y", "z", 100, 5000000); /* ACCOUNTING, micros too large */
    make_record(data + 2 * RECORD, 10, 1, "x", "y", "z", 0, 0);    /* above the highest type */
    make_record(data + 3 * RECORD, -32768, 1, "x", "y", "z", 0, 0);
    make_record(data + 4 * RECORD, 0, 0, "", "", "", 0, 0);         /* EMPTY */
    seen_t seen = { 0 };
    uint64_t malformed = 0;
    assert_int_equal(utmp_parse(data, sizeof data, keep, &seen, &malformed), sizeof data);
    assert_int_equal(malformed, 2);
    assert_int_equal(seen.count, 3);
    assert_int_equal(seen.records[0].pid, 0xFFFFFFFFu);
    assert_int_equal(seen.records[0].line_length, 32);
    assert_int_equal(seen.records[0].user_length, 32);
    assert_int_equal(seen.records[0].host_length, 256);
    assert_int_equal(seen.records[0].address_size, 16);
    assert_int_equal(seen.records[0].time_ms, INT64_C(4294967295000)); /* unsigned seconds, micros 0 */
    assert_int_equal(seen.records[1].time_ms, INT64_C(100999));
    assert_int_equal(seen.records[2].type, 0);
}

/* ---- the tail ----------------------------------------------------------------------------- */

typedef struct tail_run {
    os_source_t os;
    utmp_tail_t tail;
    uint8_t buffer[RECORD * 4];
    seen_t seen;
} tail_run_t;

static size_t tail_read(tail_run_t *run)
{
    memset(&run->seen, 0, sizeof run->seen);
    return utmp_tail_read(&run->tail, &run->os, run->buffer, sizeof run->buffer, keep, &run->seen);
}

/* run reading under a new scratch tree, whose path goes into root. */
static void tail_run_in_scratch(tail_run_t *run, char root[64])
{
    scratch_create(root);
    assert_int_equal(os_source_root(&run->os, root, strlen(root)), 0);
}

static void login_tail_appends_partial_records_and_rotation(void **state)
{
    (void)state;
    uint8_t wtmp[4096];
    read_fixture("wtmp", wtmp, sizeof wtmp);
    char root[64];
    static tail_run_t run;
    tail_run_in_scratch(&run, root);
    scratch_write(root, "var/log/wtmp", wtmp, 2 * RECORD, 0);
    utmp_tail_init(&run.tail, &run.os, "var/log/wtmp", 0);
    assert_int_equal(tail_read(&run), 0); /* history is not reported */
    scratch_write(root, "var/log/wtmp", wtmp + 2 * RECORD, RECORD + 10, 1);
    assert_int_equal(tail_read(&run), 1);
    assert_int_equal(run.seen.records[0].type, 8);
    scratch_write(root, "var/log/wtmp", wtmp + 3 * RECORD + 10, RECORD - 10, 1);
    assert_int_equal(tail_read(&run), 1);
    assert_string_equal(run.seen.users[0], "bob"); /* the partial record completed */
    assert_int_equal(run.tail.offset, 4 * RECORD);
    /* rotated: shorter than the offset, read from its start */
    scratch_write(root, "var/log/wtmp", wtmp + RECORD, RECORD, 0);
    assert_int_equal(tail_read(&run), 1);
    assert_string_equal(run.seen.users[0], "alice");
    assert_int_equal(tail_read(&run), 0);
    scratch_remove(root);
}

static void login_tail_missing_and_refused_files(void **state)
{
    (void)state;
    uint8_t wtmp[4096];
    size_t n = read_fixture("wtmp", wtmp, sizeof wtmp);
    char root[64];
    static tail_run_t run;
    tail_run_in_scratch(&run, root);
    utmp_tail_init(&run.tail, &run.os, "var/log/btmp", 1);
    assert_int_equal(tail_read(&run), 0);
    /* a directory where the file should be: nothing, no failure */
    char path[128];
    snprintf(path, sizeof path, "%s/var/log/btmp", root);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_equal(tail_read(&run), 0);
    /* the file cannot be read: nothing, and the offset waits for it */
    utmp_tail_init(&run.tail, &run.os, "var/log/wtmp", 1);
    scratch_write(root, "var/log/wtmp", wtmp, n, 0);
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "Login", root);
    refuse(c, "var/log/wtmp", EACCES);
    run.os.ops = c->os.ops;
    assert_int_equal(tail_read(&run), 0);
    assert_int_equal(run.tail.offset, 0);
    run.os.ops = refusing_state.inner;
    assert_int_equal(tail_read(&run), 5);
    assert_int_equal(run.tail.malformed, 1);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
    scratch_remove(root);
}

static void login_tail_takes_at_most_the_limit_per_read(void **state)
{
    (void)state;
    size_t count = UTMP_TAIL_MAX_READ / RECORD + 3;
    uint8_t *data = calloc(count, RECORD);
    assert_non_null(data);
    for (size_t i = 0; i < count; i++)
        make_record(data + i * RECORD, 8, (uint32_t)i, "", "", "", 0, 0);
    char root[64];
    static tail_run_t run;
    tail_run_in_scratch(&run, root);
    scratch_write(root, "var/log/wtmp", data, count * RECORD, 0);
    utmp_tail_init(&run.tail, &run.os, "var/log/wtmp", 1);
    assert_int_equal(tail_read(&run), count - 3);
    assert_int_equal(tail_read(&run), 3);
    assert_int_equal(tail_read(&run), 0);
    free(data);
    scratch_remove(root);
}

/* ---- the collector ------------------------------------------------------------------------ */

static sa_collector_t *recorded(sa_agent_t *agent, const char *root)
{
    return new_recorded_collector(agent, "Login", root);
}

static void login_recorded_tree_sends_the_fixture_logins(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = recorded(agent, FIXTURE("Login"));
    assert_int_equal(sa_collector_is_periodic(c), 0);
    assert_int_equal(sa_collector_collect(c), SA_OK);
    char *out = flushed(agent);
    assert_contains(out, "\"TimestampUTC\":\"2024-04-01T19:35:00.250Z\",\"Payload\":[{\"ProcessId\":4100,"
                         "\"Operation\":\"login\",\"Executable\":\"[unknown]\",\"Result\":\"Success\","
                         "\"UserName\":\"alice\",\"RemoteAddress\":\"192.0.2.10\",\"ExtraDetails\":{\"Hostname\":"
                         "\"192.0.2.10\",\"Source\":\"wtmp\",\"Terminal\":\"pts/0\"}}]");
    assert_contains(out, "\"UserName\":\"bob\",\"RemoteAddress\":\"2001:db8::7\"");
    assert_contains(out, "\"Result\":\"Success\",\"UserName\":\"carol\",\"ExtraDetails\":{\"Source\":\"wtmp\","
                         "\"Terminal\":\"tty1\"}}]");
    assert_contains(out, "{\"ProcessId\":4200,\"Operation\":\"login\",\"Executable\":\"[unknown]\",\"Result\":"
                         "\"Fail\",\"UserName\":\"mallory\",\"RemoteAddress\":\"198.51.100.23\"");
    assert_contains(out, "\"ProcessId\":4201,\"Operation\":\"login\",\"Executable\":\"[unknown]\",\"Result\":"
                         "\"Fail\",\"UserName\":\"root\"");
    assert_null(strstr(out, "reboot"));
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 5);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), 2);
    free(out);
    /* read once: nothing new on the next collect */
    assert_int_equal(sa_collector_collect(c), SA_OK);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 5);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

static void login_executable_of_a_running_process(void **state)
{
    (void)state;
    char root[64], path[128];
    uint8_t record[RECORD];
    scratch_create(root);
    snprintf(path, sizeof path, "%s/proc", root);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/proc/4160", root);
    assert_int_equal(mkdir(path, 0755), 0);
    scratch_write(root, "proc/4160/exe", "/usr/bin/login\n", 15, 0);
    make_record(record, 7, 4160, "tty1", "carol", "", 1712000400, 0);
    scratch_write(root, "var/log/wtmp", record, RECORD, 0);
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = recorded(agent, root);
    assert_int_equal(sa_collector_collect(c), SA_OK);
    char *out = flushed(agent);
    assert_contains(out, "{\"ProcessId\":4160,\"Operation\":\"login\",\"Executable\":\"/usr/bin/login\"");
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
    scratch_remove(root);
}

static void login_options_are_checked(void **state)
{
    (void)state;
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "Login", FIXTURE("Login"));
    assert_int_equal(sa_collector_set_option(c, S("source"), S("netlink")), SA_ERR_INVALID_ARGUMENT);
    assert_contains(sa_collector_last_error(c), "Login.source: auto, audit, utmp or recorded");
    assert_int_equal(sa_collector_set_option(c, S("polling_interval_ms"), S("99")), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_collector_set_option(c, S("polling_interval_ms"), S("3600001")), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_collector_set_option(c, S("polling_interval_ms"), S("100")), SA_OK);
    assert_int_equal(sa_collector_feed(c, "x", 1), SA_ERR_INVALID_STATE);
    sa_collector_destroy(c);
    /* utmp: the files are followed from their ends, so the fixture's history is not sent */
    c = new_collector(agent, "Login", FIXTURE("Login"));
    assert_int_equal(sa_collector_set_option(c, S("source"), S("utmp")), SA_OK);
    assert_int_equal(sa_collector_set_option(c, S("polling_interval_ms"), S("100")), SA_OK);
    assert_int_equal(sa_collector_start(c), SA_OK);
    assert_string_equal(sa_collector_last_error(c), "Login: source is var/log/wtmp and var/log/btmp, read every 0.1 s");
    struct timespec pause = { 0, 150 * 1000000 };
    nanosleep(&pause, NULL);
    assert_int_equal(sa_collector_collect(c), SA_OK);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 0);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), 0);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

/* ---- recorded audit ----------------------------------------------------------------------- */

static void login_recorded_audit_log_gives_the_user_records(void **state)
{
    (void)state;
    uint8_t log[8192];
    size_t n = read_file(SA_LINUX_FIXTURES "/Login/audit.log", log, sizeof log);
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = recorded(agent, FIXTURE("Login"));
    assert_int_equal(sa_collector_feed(c, log, n), SA_OK);
    char *out = flushed(agent);
    assert_contains(out, "\"TimestampUTC\":\"2024-04-01T19:45:00.101Z\",\"Payload\":[{\"ProcessId\":4300,"
                         "\"Operation\":\"PAM:authentication\",\"Executable\":\"/usr/sbin/sshd\",\"Result\":\"Fail\","
                         "\"UserName\":\"mallory\",\"RemoteAddress\":\"198.51.100.23\",\"ExtraDetails\":{\"Hostname\":"
                         "\"198.51.100.23\",\"RecordType\":\"USER_AUTH\",\"Terminal\":\"ssh\"}}]");
    assert_contains(out, "\"Operation\":\"PAM:session_open\",\"Executable\":\"/usr/sbin/sshd\",\"Result\":"
                         "\"Success\",\"UserName\":\"alice\",\"RemoteAddress\":\"2001:db8::7\"");
    /* id instead of acct; hostname=? is no host name */
    assert_contains(out, "{\"ProcessId\":4310,\"Operation\":\"login\",\"Executable\":\"/usr/sbin/sshd\",\"Result\":"
                         "\"Success\",\"UserId\":\"1000\",\"RemoteAddress\":\"2001:db8::7\",\"ExtraDetails\":"
                         "{\"RecordType\":\"USER_LOGIN\",\"Terminal\":\"/dev/pts/2\"}}");
    /* acct hex-encoded by the kernel */
    assert_contains(out, "\"Result\":\"Fail\",\"UserName\":\"(invalid user)\",\"RemoteAddress\":\"198.51.100.23\"");
    /* sudo's authentication, no address */
    assert_contains(out, "{\"ProcessId\":4330,\"Operation\":\"PAM:authentication\",\"Executable\":\"/usr/bin/sudo\","
                         "\"Result\":\"Fail\",\"UserName\":\"alice\",\"ExtraDetails\":");
    assert_null(strstr(out, "PAM:accounting")); /* USER_ACCT is not a login */
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 6);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), 2); /* no pid; only the unset id */
    free(out);
    /* hostile lines: cut anywhere, the same records never crash and never count twice */
    for (size_t cut = 0; cut < n; cut += 7)
        assert_int_equal(sa_collector_feed(c, log, cut), SA_OK);
    assert_true(collector_counter(c, SA_COLLECTOR_MALFORMED) > 2);
    const char *odd = "type=USER_AUTH msg=audit(1.5:1): pid=1 op=20 acct=2020 id=0005 exe=00 res=1 addr=[::1]:22\n"
                      "type=USER_AUTH msg=audit(1.5:1): pid=1 op=20 acct=2020\n"
                      "type=USER_LOGIN msg=audit(2:2): pid=99999999999 op=x acct=y\n"
                      "type=USER_START msg=audit(3:3): msg='pid=7 op=o id=0 addr=0x7f.1 terminal=(null)'";
    uint64_t before = collector_counter(c, SA_COLLECTOR_MALFORMED);
    out = flushed(agent);
    free(out);
    assert_int_equal(sa_collector_feed(c, odd, strlen(odd)), SA_OK);
    out = flushed(agent);
    /* values that decode to nothing are absent; the uid as its number */
    assert_contains(out, "{\"ProcessId\":1,\"Operation\":\"\",\"Executable\":\"[unknown]\",\"Result\":\"Success\","
                         "\"UserId\":\"5\",\"RemoteAddress\":\"::1\"");
    assert_contains(out, "{\"ProcessId\":7,\"Operation\":\"o\",\"Executable\":\"[unknown]\",\"Result\":\"Fail\","
                         "\"UserId\":\"0\",\"RemoteAddress\":\"127.0.0.1\"");
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), before + 2);
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

/* ---- live --------------------------------------------------------------------------------- */

static void login_live_glibc_records_appended_while_polling(void **state)
{
    (void)state;
    if (sizeof(struct utmp) != RECORD)
        skip(); /* an ABI whose struct utmp is not the 384-byte layout (none of the Linux targets) */
    char root[64], wtmp[128], btmp[128];
    scratch_create(root);
    snprintf(wtmp, sizeof wtmp, "%s/var/log/wtmp", root);
    snprintf(btmp, sizeof btmp, "%s/var/log/btmp", root);
    /* the host's processes under the scratch root: the executable of a running login */
    char proc[128], image[256];
    snprintf(proc, sizeof proc, "%s/proc", root);
    assert_int_equal(symlink("/proc", proc), 0);
    /* read by the same path the collector reads (valgrind answers /proc/self/exe and
     * /proc/<own pid>/exe with the test's path, the scratch root's link with its own) */
    char self[160];
    snprintf(self, sizeof self, "%s/%d/exe", proc, (int)getpid());
    ssize_t image_length = readlink(self, image, sizeof image - 1);
    assert_true(image_length > 0);
    image[image_length] = 0;
    /* updwtmp appends to files that exist, as login programs do: create them */
    scratch_write(root, "var/log/wtmp", "", 0, 0);
    scratch_write(root, "var/log/btmp", "", 0, 0);
    struct utmp before = { 0 };
    before.ut_type = USER_PROCESS;
    before.ut_pid = 1;
    strcpy(before.ut_user, "history");
    updwtmp(wtmp, &before); /* already there at start: not sent */
    struct stat info;
    assert_int_equal(stat(wtmp, &info), 0);
    assert_int_equal(info.st_size, RECORD);

    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "Login", root);
    assert_int_equal(sa_collector_set_option(c, S("source"), S("utmp")), SA_OK);
    assert_int_equal(sa_collector_set_option(c, S("polling_interval_ms"), S("100")), SA_OK);
    assert_int_equal(sa_collector_start(c), SA_OK);

    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct utmp success = { 0 };
    success.ut_type = USER_PROCESS;
    success.ut_pid = getpid();
    strcpy(success.ut_line, "pts/9");
    strcpy(success.ut_user, "sa-live-user");
    strcpy(success.ut_host, "203.0.113.5");
    success.ut_addr_v6[0] = (int32_t)htonl(0xCB007105u);
    success.ut_tv.tv_sec = (int32_t)now.tv_sec;
    success.ut_tv.tv_usec = 123456;
    updwtmp(wtmp, &success);
    struct utmp failure = success;
    failure.ut_type = LOGIN_PROCESS;
    strcpy(failure.ut_user, "sa-live-intruder");
    updwtmp(btmp, &failure);

    for (int i = 0; i < 50 && collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS) < 2; i++) {
        struct timespec pause = { 0, 20 * 1000000 };
        nanosleep(&pause, NULL);
        assert_int_equal(sa_collector_collect(c), SA_OK);
    }
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 2);
    char *out = flushed(agent);
    char expected[512];
    snprintf(expected, sizeof expected, "\"ProcessId\":%d,\"Operation\":\"login\",\"Executable\":\"%s\"", (int)getpid(),
             image); /* this process's image as /proc shows it (the emulator under qemu-user) */
    assert_contains(out, expected);
    assert_contains(out, "\"Result\":\"Success\",\"UserName\":\"sa-live-user\",\"RemoteAddress\":\"203.0.113.5\","
                         "\"ExtraDetails\":{\"Hostname\":\"203.0.113.5\",\"Source\":\"wtmp\",\"Terminal\":\"pts/9\"}");
    assert_contains(out, "\"Result\":\"Fail\",\"UserName\":\"sa-live-intruder\"");
    assert_contains(out, ".123Z\"");
    assert_null(strstr(out, "history"));
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
    scratch_remove(root);
}

/* Sends one user-space audit message of type, as PAM's libaudit does (CAP_AUDIT_WRITE). */
static int send_user_message(uint16_t type, const char *text)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 9 /* NETLINK_AUDIT */);
    if (fd < 0)
        return -1;
    struct {
        struct nlmsghdr header;
        char text[512];
    } message;
    memset(&message, 0, sizeof message);
    size_t length = strlen(text) + 1;
    message.header.nlmsg_len = (uint32_t)NLMSG_LENGTH(length);
    message.header.nlmsg_type = type;
    message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    message.header.nlmsg_seq = 1;
    memcpy(message.text, text, length);
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    ssize_t sent = sendto(fd, &message, message.header.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel);
    close(fd);
    return sent == (ssize_t)message.header.nlmsg_len ? 0 : -1;
}

/* A failed login for real: this process sends AUDIT_USER_AUTH over audit netlink while the
 * collector reads the agent's audit hub, which a ConnectionCreate of the same agent shares. */
static void login_live_audit_user_auth_is_a_failed_login(void **state)
{
    (void)state;
#ifdef SA_EMULATED
    skip(); /* qemu-user does not emulate audit netlink */
#endif
    sa_agent_t *agent = new_agent();
    sa_collector_t *c = new_collector(agent, "Login", "/");
    assert_int_equal(sa_collector_set_option(c, S("source"), S("audit")), SA_OK);
    if (sa_collector_start(c) != SA_OK) {
        print_message("skipped: %s\n", sa_collector_last_error(c));
        sa_collector_destroy(c);
        sa_agent_destroy(agent);
        skip();
    }
    assert_contains(sa_collector_last_error(c), "Login: source is audit netlink");
    sa_collector_t *connections = new_collector(agent, "ConnectionCreate", "/");
    assert_int_equal(sa_collector_set_option(connections, S("source"), S("audit")), SA_OK);
    assert_int_equal(sa_collector_start(connections), SA_OK);
    assert_int_equal(sa_collector_fd(connections), sa_collector_fd(c));

    char account[64], text[400];
    snprintf(account, sizeof account, "sa-test-%d", (int)getpid());
    snprintf(text, sizeof text, "op=PAM:authentication grantors=? acct=\"%s\" exe=\"/usr/sbin/sshd\" "
             "hostname=127.0.0.1 addr=127.0.0.1 terminal=ssh res=failed", account);
    assert_int_equal(send_user_message(1100 /* AUDIT_USER_AUTH */, text), 0);
    char expected[300];
    snprintf(expected, sizeof expected, "{\"ProcessId\":%d,\"Operation\":\"PAM:authentication\",\"Executable\":"
             "\"/usr/sbin/sshd\",\"Result\":\"Fail\",\"UserName\":\"%s\",\"RemoteAddress\":\"127.0.0.1\"",
             (int)getpid(), account);
    char *all = calloc(1, 1);
    assert_non_null(all);
    for (int i = 0; i < 250 && strstr(all, expected) == NULL; i++) {
        struct timespec pause = { 0, 20 * 1000000 };
        nanosleep(&pause, NULL);
        /* whichever collector reads the shared socket, each handler sees the events */
        assert_int_equal(sa_collector_collect(i % 2 ? connections : c), SA_OK);
        char *out = flushed(agent);
        char *grown = realloc(all, strlen(all) + strlen(out) + 1);
        assert_non_null(grown);
        all = strcat(grown, out);
        free(out);
    }
    assert_contains(all, expected);
    assert_contains(all, "\"ExtraDetails\":{\"Hostname\":\"127.0.0.1\",\"RecordType\":\"USER_AUTH\",\"Terminal\":\"ssh\"}");
    free(all);
    sa_collector_destroy(connections);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(login_parser_reads_the_fixture_wtmp),
        cmocka_unit_test(login_parser_btmp_negative_type_and_partial_record),
        cmocka_unit_test(login_parser_hostile_records),
        cmocka_unit_test(login_tail_appends_partial_records_and_rotation),
        cmocka_unit_test(login_tail_missing_and_refused_files),
        cmocka_unit_test(login_tail_takes_at_most_the_limit_per_read),
        cmocka_unit_test(login_recorded_tree_sends_the_fixture_logins),
        cmocka_unit_test(login_executable_of_a_running_process),
        cmocka_unit_test(login_options_are_checked),
        cmocka_unit_test(login_recorded_audit_log_gives_the_user_records),
        cmocka_unit_test(login_live_glibc_records_appended_while_polling),
        cmocka_unit_test(login_live_audit_user_auth_is_a_failed_login),
    };
    return cmocka_run_group_tests_name("login", tests, NULL, NULL);
}
