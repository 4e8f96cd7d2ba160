/* connection_create_test.c - ConnectionCreate: the recorded audit log and inet_diag dump
 * replayed (with loopback and without, cut and corrupt), the options, the netlink datagram walk
 * of the audit hub, and live loopback TCP connections (IPv4 and IPv6) seen through audit
 * netlink (root) and through sock_diag. Live tests skip, saying why, only where the kernel
 * refuses. */
#include "collector_test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit_hub.h"
#include "audit_messages.h"
#include "audit_socket.h"
#include "audit_syscall.h"
#include "socket_address.h"

#define RECORDED SA_LINUX_FIXTURES "/ConnectionCreate"

static sa_agent_t *connection_agent(void)
{
    sa_agent_t *agent = new_agent();
    const char *twin = "{\"aggregationEnabledConnectionCreate\":{\"value\":false}}";
    assert_int_equal(sa_agent_apply_twin(agent, twin, strlen(twin)), SA_OK);
    return agent;
}

static uint8_t *read_fixture(const char *name, size_t *length)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", RECORDED, name);
    return (uint8_t *)read_whole_file(path, length);
}

static size_t count_of(const char *text, const char *word)
{
    size_t n = 0;
    for (const char *p = strstr(text, word); p != NULL; p = strstr(p + 1, word))
        n++;
    return n;
}

static sa_collector_t *recorded(sa_agent_t *agent, const char *source, const char *include_loopback)
{
    sa_collector_t *c = new_collector(agent, "ConnectionCreate", RECORDED);
    assert_int_equal(sa_collector_set_option(c, S("source"), source, strlen(source)), SA_OK);
    assert_int_equal(sa_collector_set_option(c, S("include_loopback"), include_loopback, strlen(include_loopback)), SA_OK);
    return c;
}

/* Feeds a recorded audit log to c and checks the malformed records counted and the events
 * flushed, outgoing and incoming; returns the flushed messages. */
static char *replayed_audit_log(sa_agent_t *agent, sa_collector_t *c, const uint8_t *log, size_t length,
                                size_t malformed, size_t out_events, size_t in_events)
{
    assert_int_equal(sa_collector_feed(c, log, length), SA_OK);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), malformed);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), out_events + in_events);
    char *out = flushed(agent);
    assert_int_equal(count_of(out, "\"Direction\":\"Out\""), out_events);
    assert_int_equal(count_of(out, "\"Direction\":\"In\""), in_events);
    return out;
}

static void connection_create_replays_the_recorded_audit_log(void **state)
{
    (void)state;
    size_t length;
    uint8_t *log = read_fixture("audit.log", &length);
    sa_agent_t *agent = connection_agent();
    sa_collector_t *c = recorded(agent, "recorded", "true");
    char *out = replayed_audit_log(agent, c, log, length, 2, 4, 3);
    assert_contains(out, "{\"RemoteAddress\":\"127.0.0.1\",\"RemotePort\":\"49735\",\"Direction\":\"Out\",\"Protocol\":\"tcp\","
                         "\"ProcessId\":2773,\"Executable\":\"/usr/bin/python3.11\",\"UserId\":\"0\",\"CommandLine\":"
                         "\"python3 -c import socket\\n");
    assert_contains(out, "\"RemoteAddress\":\"::1\",\"RemotePort\":\"32887\"");
    assert_contains(out, "{\"RemoteAddress\":\"192.0.2.10\",\"RemotePort\":\"443\",\"Direction\":\"Out\",\"Protocol\":\"tcp\","
                         "\"ProcessId\":4100,\"Executable\":\"/usr/bin/curl\",\"UserId\":\"1000\","
                         "\"CommandLine\":\"curl https://192.0.2.10\"}");
    assert_contains(out, "{\"RemoteAddress\":\"2001:db8::10\",\"RemotePort\":\"50000\",\"Direction\":\"In\",\"Protocol\":\"tcp\","
                         "\"ProcessId\":812,\"Executable\":\"/usr/sbin/sshd\",\"UserId\":\"0\"}");
    assert_contains(out, "\"TimestampUTC\":\"2026-11-29T23:03:43.767Z\"");
    free(out);
    sa_collector_destroy(c);

    c = recorded(agent, "recorded", "false");
    assert_int_equal(sa_collector_feed(c, log, length), SA_OK);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 2);
    out = flushed(agent);
    assert_int_equal(count_of(out, "127.0.0.1"), 0);
    assert_int_equal(count_of(out, "\"RemoteAddress\""), 2);
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
    free(log);
}

/* Records of other architectures (i386 recorded on x86-64 through direct calls and socketcall,
 * aarch64 and arm by hand) are named by their own arch=, whatever this build's arch. */
static void connection_create_names_records_by_their_own_arch(void **state)
{
    (void)state;
    size_t length;
    uint8_t *log = read_fixture("audit-arch.log", &length);
    sa_agent_t *agent = connection_agent();
    sa_collector_t *c = recorded(agent, "recorded", "true");
    char *out = replayed_audit_log(agent, c, log, length, 0, 6, 7);
    assert_int_equal(count_of(out, "{\"RemoteAddress\":\"127.0.0.1\",\"RemotePort\":\"53395\",\"Direction\":\"Out\","
                                   "\"Protocol\":\"tcp\",\"ProcessId\":31828,\"Executable\":\"/usr/local/bin/compat\""), 3);
    assert_contains(out, "\"RemotePort\":\"37920\",\"Direction\":\"In\"");
    assert_contains(out, "\"RemotePort\":\"37934\",\"Direction\":\"In\"");
    assert_contains(out, "\"RemotePort\":\"37940\",\"Direction\":\"In\"");
    assert_contains(out, "{\"RemoteAddress\":\"192.0.2.20\",\"RemotePort\":\"443\",\"Direction\":\"Out\"");
    assert_contains(out, "{\"RemoteAddress\":\"192.0.2.21\",\"RemotePort\":\"54321\",\"Direction\":\"In\"");
    assert_contains(out, "{\"RemoteAddress\":\"192.0.2.21\",\"RemotePort\":\"54322\",\"Direction\":\"In\"");
    assert_contains(out, "{\"RemoteAddress\":\"192.0.2.22\",\"RemotePort\":\"80\",\"Direction\":\"Out\"");
    assert_contains(out, "{\"RemoteAddress\":\"::ffff:192.0.2.23\",\"RemotePort\":\"54321\",\"Direction\":\"In\"");
    assert_contains(out, "{\"RemoteAddress\":\"192.0.2.23\",\"RemotePort\":\"54322\",\"Direction\":\"In\"");
    assert_contains(out, "{\"RemoteAddress\":\"192.0.2.25\",\"RemotePort\":\"443\",\"Direction\":\"Out\"");
    assert_int_equal(count_of(out, "192.0.2.24"), 0); /* numbers that name nothing on their arch */
    free(out);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
    free(log);
}

static void connection_create_replays_the_recorded_inet_diag_dump(void **state)
{
    (void)state;
    size_t length;
    uint8_t *dump = read_fixture("inet-diag.bin", &length);
    sa_agent_t *agent = connection_agent();
    sa_collector_t *c = recorded(agent, "recorded_sock_diag", "true");
    assert_int_equal(sa_collector_feed(c, NULL, 0), SA_OK); /* the baseline: nothing yet */
    assert_int_equal(sa_collector_feed(c, dump, length), SA_OK);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_MALFORMED), 1); /* the truncated last message */
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 4);
    assert_int_equal(sa_collector_feed(c, dump, length), SA_OK); /* the same sockets again: nothing new */
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 4);
    char *out = flushed(agent);
    assert_contains(out, "{\"RemoteAddress\":\"127.0.0.1\",\"RemotePort\":\"39138\",\"Direction\":\"In\",\"Protocol\":\"tcp\","
                         "\"ProcessId\":0,\"Executable\":\"[unknown]\",\"LocalAddress\":\"127.0.0.1\",\"LocalPort\":\"47001\","
                         "\"UserId\":\"0\",\"ExtraDetails\":{\"Source\":\"sock_diag\"}}");
    assert_contains(out, "\"RemotePort\":\"47001\",\"Direction\":\"Out\"");
    assert_contains(out, "{\"RemoteAddress\":\"::1\",\"RemotePort\":\"35150\",\"Direction\":\"In\"");
    assert_contains(out, "\"RemotePort\":\"47002\",\"Direction\":\"Out\"");
    free(out);
    sa_collector_destroy(c);

    c = recorded(agent, "recorded_sock_diag", "false");
    assert_int_equal(sa_collector_feed(c, NULL, 0), SA_OK);
    assert_int_equal(sa_collector_feed(c, dump, length), SA_OK);
    assert_int_equal(collector_counter(c, SA_COLLECTOR_SUBMITTED_EVENTS), 0); /* all loopback */
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
    free(dump);
}

/* Every cut of the recordings, and corrupt copies: no crash, malformed counted, no leak. */
static void connection_create_survives_cut_and_corrupt_recordings(void **state)
{
    (void)state;
    size_t log_length, dump_length;
    uint8_t *log = read_fixture("audit.log", &log_length);
    uint8_t *dump = read_fixture("inet-diag.bin", &dump_length);
    sa_agent_t *agent = connection_agent();
    sa_collector_t *a = recorded(agent, "recorded", "true");
    sa_collector_t *d = recorded(agent, "recorded_sock_diag", "true");
    for (size_t cut = 0; cut <= log_length; cut += 7)
        assert_int_equal(sa_collector_feed(a, log, cut), SA_OK);
    for (size_t cut = 0; cut <= dump_length; cut += 3)
        assert_int_equal(sa_collector_feed(d, dump, cut), SA_OK);
    assert_true(collector_counter(a, SA_COLLECTOR_MALFORMED) > 2);
    assert_true(collector_counter(d, SA_COLLECTOR_MALFORMED) > 1);
    for (size_t i = 0; i < log_length; i += 11)
        log[i] ^= 0x5A;
    assert_int_equal(sa_collector_feed(a, log, log_length), SA_OK);
    for (size_t i = 0; i < dump_length; i += 5)
        dump[i] ^= 0xA5;
    assert_int_equal(sa_collector_feed(d, dump, dump_length), SA_OK);
    char *out = flushed(agent);
    free(out);
    sa_collector_destroy(a);
    sa_collector_destroy(d);
    sa_agent_destroy(agent);
    free(log);
    free(dump);
}

static void connection_create_options_are_checked(void **state)
{
    (void)state;
    sa_agent_t *agent = connection_agent();
    sa_collector_t *c = new_collector(agent, "ConnectionCreate", "/");
    assert_int_equal(sa_collector_set_option(c, S("source"), S("nope")), SA_ERR_INVALID_ARGUMENT);
    assert_contains(sa_collector_last_error(c), "ConnectionCreate.source");
    assert_int_equal(sa_collector_set_option(c, S("include_loopback"), S("1")), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_collector_set_option(c, S("sock_diag_interval_ms"), S("99")), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_collector_set_option(c, S("sock_diag_interval_ms"), S("3600001")), SA_ERR_INVALID_ARGUMENT);
    assert_int_equal(sa_collector_set_option(c, S("sock_diag_interval_ms"), S("100")), SA_OK);
    assert_int_equal(sa_collector_set_option(c, S("source"), S("sock_diag")), SA_OK);
    /* A live source takes no stream; where sock_diag itself is refused (qemu-user emulates no
     * netlink) the start fails first, with its own error. */
    sa_status_t started = sa_collector_start(c);
    if (started == SA_OK)
        assert_int_equal(sa_collector_feed(c, "x", 1), SA_ERR_INVALID_STATE);
    else
        assert_int_equal(started, SA_ERR_IO);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

typedef struct walked {
    int records, statuses, replies;
    uint32_t lost, seq;
    int error;
    char last[64];
} walked_t;

static void walk_status(uint32_t lost, void *argument)
{
    walked_t *w = argument;
    w->statuses++;
    w->lost = lost;
}

static void walk_record(int type, const char *text, size_t length, void *argument)
{
    walked_t *w = argument;
    (void)type;
    w->records++;
    snprintf(w->last, sizeof w->last, "%.*s", (int)length, text);
}

static void walk_reply(uint32_t seq, int error, void *argument)
{
    walked_t *w = argument;
    w->replies++;
    w->seq = seq;
    w->error = error;
}

static size_t put_header(uint8_t *m, uint32_t length, uint16_t type, uint32_t seq)
{
    memset(m, 0, 16);
    memcpy(m, &length, 4);
    memcpy(m + 4, &type, 2);
    memcpy(m + 8, &seq, 4);
    return 16;
}

static void connection_create_audit_datagrams_are_walked_like_the_csharp_hub(void **state)
{
    (void)state;
    static const audit_datagram_visitor_t visitor = { walk_status, walk_record, walk_reply };
    uint8_t d[256];
    walked_t w = { 0 };
    /* a record: nlmsg_len counts the text alone, the record is the rest of the datagram */
    const char text[] = "audit(1.000:2): saddr=0200";
    size_t n = put_header(d, (uint32_t)(sizeof text - 1), 1306, 0);
    memcpy(d + n, text, sizeof text - 1);
    assert_int_equal(audit_datagram_walk(d, n + sizeof text - 1, &visitor, &w), 0);
    assert_int_equal(w.records, 1);
    assert_string_equal(w.last, text);
    /* a status reply (lost at byte 24 of the body), then an ack of seq 7 with EEXIST */
    memset(&w, 0, sizeof w);
    n = put_header(d, 16 + 40, 1000, 0);
    uint32_t lost = 12;
    memset(d + 16, 0, 40);
    memcpy(d + 16 + 24, &lost, 4);
    size_t at = 56;
    put_header(d + at, 36, 2, 0);
    int32_t error = -17;
    memcpy(d + at + 16, &error, 4);
    put_header(d + at + 20, 16, 1011, 7);
    assert_int_equal(audit_datagram_walk(d, at + 36, &visitor, &w), 0);
    assert_int_equal(w.statuses, 1);
    assert_int_equal(w.lost, 12);
    assert_int_equal(w.replies, 1);
    assert_int_equal(w.seq, 7);
    assert_int_equal(w.error, 17);
    /* impossible lengths: malformed, nothing handed on */
    memset(&w, 0, sizeof w);
    put_header(d, 8, 1300, 0);
    assert_int_equal(audit_datagram_walk(d, 16, &visitor, &w), 1);
    put_header(d, 200, 1300, 0);
    assert_int_equal(audit_datagram_walk(d, 20, &visitor, &w), 1);
    assert_int_equal(audit_datagram_walk(d, 15, &visitor, &w), 0); /* shorter than a header: nothing */
    assert_int_equal(w.records, 0);
}

static void connection_create_socket_addresses_are_checked(void **state)
{
    (void)state;
    uint8_t address[16];
    size_t size;
    uint32_t port;
    static const char *const bad[] = { "0200", "02000050C000", "0100414243", "0A000050", "ZZ", "020", "" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(socket_address_decode(bad[i], strlen(bad[i]), address, &size, &port));
    assert_true(socket_address_decode(S("020001bbc000020a"), address, &size, &port));
    assert_int_equal(port, 443);
    assert_int_equal(size, 4);
    assert_int_equal(address[3], 10);
    assert_true(socket_address_is_loopback((const uint8_t *)"\x7f\x01\x02\x03", 4));
    assert_true(socket_address_is_loopback((const uint8_t *)"\0\0\0\0\0\0\0\0\0\0\xff\xff\x7f\0\0\x01", 16));
    assert_false(socket_address_is_loopback((const uint8_t *)"\0\0\0\0\0\0\0\0\0\0\0\0\x7f\0\0\x01", 16));
}

/* A loopback TCP connection of family (AF_INET or AF_INET6): the listening, connected and
 * accepted sockets, and the ports of both ends. 0, or -errno (no IPv6 here). */
typedef struct loopback_connection {
    int listener, client, server;
    unsigned listen_port, client_port;
} loopback_connection_t;

static int open_loopback(int family, loopback_connection_t *l)
{
    struct sockaddr_storage address;
    socklen_t length;
    memset(&address, 0, sizeof address);
    memset(l, 0, sizeof *l);
    l->listener = l->client = l->server = -1;
    if (family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)&address;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        length = sizeof *a;
    } else {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&address;
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        length = sizeof *a;
    }
    l->listener = socket(family, SOCK_STREAM, 0);
    if (l->listener < 0 || bind(l->listener, (struct sockaddr *)&address, length) != 0 || listen(l->listener, 4) != 0)
        return -errno;
    assert_int_equal(getsockname(l->listener, (struct sockaddr *)&address, &length), 0);
    l->listen_port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&address)->sin_port
                                             : ((struct sockaddr_in6 *)&address)->sin6_port);
    l->client = socket(family, SOCK_STREAM, 0);
    assert_true(l->client >= 0);
    assert_int_equal(connect(l->client, (struct sockaddr *)&address, length), 0);
    struct sockaddr_storage peer;
    socklen_t peer_length = sizeof peer;
    /* with the peer's address: the kernel writes a SOCKADDR record only when it copies one out */
    l->server = accept(l->listener, (struct sockaddr *)&peer, &peer_length);
    assert_true(l->server >= 0);
    assert_int_equal(getsockname(l->client, (struct sockaddr *)&address, &length), 0);
    l->client_port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&address)->sin_port
                                             : ((struct sockaddr_in6 *)&address)->sin6_port);
    return 0;
}

static void close_loopback(loopback_connection_t *l)
{
    if (l->server >= 0)
        close(l->server);
    if (l->client >= 0)
        close(l->client);
    if (l->listener >= 0)
        close(l->listener);
}

static void sleep_ms(int ms)
{
    struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&t, NULL);
}

/* Collects for up to five seconds until the agent's messages hold every expected text. */
static char *collect_until(sa_agent_t *agent, sa_collector_t *c, const char *const *expected, size_t count)
{
    char *all = calloc(1, 1);
    assert_non_null(all);
    for (int round = 0; round < 100; round++) {
        sa_status_t status = sa_collector_collect(c);
        if (status != SA_OK)
            fail_msg("collect: %s", sa_collector_last_error(c));
        char *out = flushed(agent);
        char *grown = realloc(all, strlen(all) + strlen(out) + 1);
        assert_non_null(grown);
        all = grown;
        strcat(all, out);
        free(out);
        size_t found = 0;
        for (size_t i = 0; i < count; i++)
            found += strstr(all, expected[i]) != NULL;
        if (found == count)
            return all;
        sleep_ms(50);
    }
    for (size_t i = 0; i < count; i++)
        assert_contains(all, expected[i]);
    return all;
}

/* The ports a child's loopback connections use, written back to the test. */
typedef struct child_ports {
    loopback_connection_t v4, v6;
    int have_v6;
} child_ports_t;

/* Forks a child that makes the loopback connections and holds them until done is closed: the
 * kernel never audits the audit daemon itself, which this test process may have become. */
static pid_t connect_in_child(child_ports_t *ports, int *done)
{
    int report[2], hold[2];
    assert_int_equal(pipe(report), 0);
    assert_int_equal(pipe(hold), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        child_ports_t mine;
        close(report[0]);
        close(hold[1]);
        memset(&mine, 0, sizeof mine);
        if (open_loopback(AF_INET, &mine.v4) != 0)
            _exit(1);
        mine.have_v6 = open_loopback(AF_INET6, &mine.v6) == 0;
        if (write(report[1], &mine, sizeof mine) != (ssize_t)sizeof mine)
            _exit(1);
        char byte;
        (void)read(hold[0], &byte, 1); /* until the test has seen the events */
        _exit(0);
    }
    close(report[1]);
    close(hold[0]);
    assert_int_equal(read(report[0], ports, sizeof *ports), (ssize_t)sizeof *ports);
    close(report[0]);
    *done = hold[1];
    return child;
}

/* A live ConnectionCreate collector on source (loopback included; interval_ms, when not NULL,
 * for sock_diag), started. Where the kernel refuses, says why, releases c and agent, and skips. */
static sa_collector_t *started_live(sa_agent_t *agent, const char *source, const char *interval_ms)
{
    sa_collector_t *c = new_collector(agent, "ConnectionCreate", "/");
    assert_int_equal(sa_collector_set_option(c, S("source"), source, strlen(source)), SA_OK);
    assert_int_equal(sa_collector_set_option(c, S("include_loopback"), S("true")), SA_OK);
    if (interval_ms != NULL)
        assert_int_equal(sa_collector_set_option(c, S("sock_diag_interval_ms"), interval_ms, strlen(interval_ms)),
                         SA_OK);
    if (sa_collector_start(c) != SA_OK) {
        print_message("skipped: %s\n", sa_collector_last_error(c));
        sa_collector_destroy(c);
        sa_agent_destroy(agent);
        skip();
    }
    return c;
}

/* The start of the event expected for one TCP connection of process pid. */
static void expect_connection(char *text, size_t size, const char *remote, unsigned port, const char *direction,
                              int pid)
{
    snprintf(text, size, "{\"RemoteAddress\":\"%s\",\"RemotePort\":\"%u\",\"Direction\":\"%s\",\"Protocol\":\"tcp\","
             "\"ProcessId\":%d,", remote, port, direction, pid);
}

static void connection_create_live_audit_sees_loopback_connections(void **state)
{
    (void)state;
#ifdef SA_EMULATED
    skip(); /* qemu-user does not emulate audit netlink */
#endif
    uint32_t arches[AUDIT_SYSCALL_MAX_ARCHES];
    if (audit_syscall_kernel_arches(arches) == 0) {
        print_message("skipped: no audit rules for this kernel's architecture (AuditSyscall.KernelArches empty)\n");
        skip();
    }
    sa_agent_t *agent = connection_agent();
    sa_collector_t *c = started_live(agent, "audit", NULL);
    print_message("%s\n", sa_collector_last_error(c));
    assert_true(sa_collector_fd(c) >= 0);
    child_ports_t ports;
    int done;
    pid_t child = connect_in_child(&ports, &done);
    char out_v4[200], in_v4[200], out_v6[200], in_v6[200], local[64];
    expect_connection(out_v4, sizeof out_v4, "127.0.0.1", ports.v4.listen_port, "Out", child);
    expect_connection(in_v4, sizeof in_v4, "127.0.0.1", ports.v4.client_port, "In", child);
    expect_connection(out_v6, sizeof out_v6, "::1", ports.v6.listen_port, "Out", child);
    expect_connection(in_v6, sizeof in_v6, "::1", ports.v6.client_port, "In", child);
    /* the local side of the connect, read from the child's /proc while it holds the socket */
    snprintf(local, sizeof local, "\"LocalAddress\":\"127.0.0.1\",\"LocalPort\":\"%u\"", ports.v4.client_port);
    const char *expected[] = { out_v4, in_v4, local, out_v6, in_v6 };
    char *all = collect_until(agent, c, expected, ports.have_v6 ? 5 : 3);
    if (!ports.have_v6)
        print_message("IPv6 loopback unavailable here: only IPv4 checked\n");
    free(all);
    close(done);
    int wstatus;
    assert_int_equal(waitpid(child, &wstatus, 0), child);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

/* A 32-bit x86 process's connections (direct connect and accept4, and through socketcall) are
 * seen whatever this build's arch: the rules follow the kernel's arches (x86-64: b64 and i386),
 * and the records are named by their own arch=. The socketcall connect's local side comes from
 * the socket in its SOCKETCALL record. */
static void connection_create_live_audit_sees_an_i386_process(void **state)
{
    (void)state;
#ifdef SA_EMULATED
    skip();
#endif
#ifndef SA_COMPAT_CLIENT
    print_message("skipped: no 32-bit x86 client built here (not an x86 build, or no gcc -m32)\n");
    skip();
#else
    char client_path[4096];
    if (realpath(SA_COMPAT_CLIENT, client_path) == NULL || access(client_path, X_OK) != 0) {
        print_message("skipped: the 32-bit x86 client is missing\n");
        skip();
    }
    sa_agent_t *agent = connection_agent();
    sa_collector_t *c = started_live(agent, "audit", NULL);
    int to_child[2], from_child[2];
    assert_int_equal(pipe(to_child), 0);
    assert_int_equal(pipe(from_child), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        dup2(to_child[0], 0);
        dup2(from_child[1], 1);
        close(to_child[1]);
        close(from_child[0]);
        execl(client_path, client_path, "connect", (char *)NULL);
        _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    FILE *lines = fdopen(from_child[0], "r");
    assert_non_null(lines);
    static char expected[6][4096 + 400];
    char how[32];
    const char *pointers[6];
    unsigned listen_port, client_port;
    for (int i = 0; i < 3; i++) {
        if (fscanf(lines, "%31s %u %u", how, &listen_port, &client_port) != 3) {
            int wstatus;
            assert_int_equal(i, 0);
            fclose(lines);
            close(to_child[1]);
            assert_int_equal(waitpid(child, &wstatus, 0), child);
            print_message("skipped: the 32-bit x86 client did not run (a kernel without IA32 emulation?)\n");
            sa_collector_destroy(c);
            sa_agent_destroy(agent);
            skip();
        }
        snprintf(expected[2 * i], sizeof expected[0], "{\"RemoteAddress\":\"127.0.0.1\",\"RemotePort\":\"%u\","
                 "\"Direction\":\"Out\",\"Protocol\":\"tcp\",\"ProcessId\":%d,\"Executable\":\"%s\","
                 "\"LocalAddress\":\"127.0.0.1\",\"LocalPort\":\"%u\"", listen_port, (int)child, client_path, client_port);
        snprintf(expected[2 * i + 1], sizeof expected[0], "{\"RemoteAddress\":\"127.0.0.1\",\"RemotePort\":\"%u\","
                 "\"Direction\":\"In\",\"Protocol\":\"tcp\",\"ProcessId\":%d,\"Executable\":\"%s\","
                 "\"LocalAddress\":\"127.0.0.1\",\"LocalPort\":\"%u\"", client_port, (int)child, client_path, listen_port);
        pointers[2 * i] = expected[2 * i];
        pointers[2 * i + 1] = expected[2 * i + 1];
    }
    fclose(lines);
    char *all = collect_until(agent, c, pointers, 6);
    free(all);
    close(to_child[1]); /* the client lets go of its sockets */
    int wstatus;
    assert_int_equal(waitpid(child, &wstatus, 0), child);
    assert_true(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
#endif
}

/* Two collectors of one agent share one audit socket; the hub goes with the last of them. */
/* The instruction count of the classic BPF filter on fd (0: none). */
static int attached_filter_length(int fd)
{
    socklen_t length = 0;
    return getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, NULL, &length) == 0 ? (int)length : -1;
}

static void connection_create_live_audit_hub_is_shared_by_an_agent(void **state)
{
    (void)state;
#ifdef SA_EMULATED
    skip();
#endif
    sa_agent_t *agent = connection_agent();
    sa_collector_t *a = new_collector(agent, "ConnectionCreate", "/");
    sa_collector_t *b = new_collector(agent, "ConnectionCreate", "/");
    assert_int_equal(sa_collector_set_option(a, S("source"), S("audit")), SA_OK);
    assert_int_equal(sa_collector_set_option(b, S("source"), S("audit")), SA_OK);
    if (sa_collector_start(a) != SA_OK) {
        print_message("skipped: %s\n", sa_collector_last_error(a));
        sa_collector_destroy(a);
        sa_collector_destroy(b);
        sa_agent_destroy(agent);
        skip();
    }
    assert_int_equal(sa_collector_start(b), SA_OK);
    assert_int_equal(sa_collector_fd(a), sa_collector_fd(b));
    assert_non_null(agent->audit_hub);
    /* the kernel lets only the subscribed record types into the socket: EOE, SYSCALL, SOCKADDR,
     * PROCTITLE and SOCKETCALL: one check each, and the program's eight other instructions */
    assert_int_equal(attached_filter_length(sa_collector_fd(a)), 8 + 5);
    sa_collector_destroy(a);
    assert_non_null(agent->audit_hub);
    assert_int_equal(sa_collector_collect(b), SA_OK);
    sa_collector_destroy(b);
    assert_null(agent->audit_hub);
    sa_agent_destroy(agent);
}

/* How many rules on the exit filter are exactly `rule` (its arch, its syscalls, as many
 * fields), read with AUDIT_LIST_RULES; -1 when audit refuses the listing. */
static int count_rules(const audit_kernel_rule_t *rule)
{
    int fd = audit_socket_open(0, 1 << 20), count = 0, done = 0;
    uint8_t request[16] = { 16, 0, 0, 0, 0xF5, 0x03, 0x01, 0x03 }; /* AUDIT_LIST_RULES, REQUEST | DUMP */
    uint8_t expected[AUDIT_RULE_LENGTH];
    static uint8_t buffer[1 << 16];
    audit_message_kernel_rule(expected, 1, 0, rule);
    if (fd < 0 || audit_socket_send(fd, request, sizeof request) != 0) {
        audit_socket_close(fd);
        return -1;
    }
    while (!done) {
        ssize_t n = audit_socket_receive(fd, buffer, sizeof buffer, 1000);
        if (n <= 0)
            break;
        for (size_t at = 0; at + 16 <= (size_t)n;) {
            uint32_t length;
            uint16_t type;
            memcpy(&length, buffer + at, 4);
            memcpy(&type, buffer + at + 4, 2);
            if (type == 2 || type == 3 || length < 16) {
                done = 1;
                break;
            }
            /* flags, action, field count, mask, fields, values: as added (field flags and the
             * buffer the kernel may word differently) */
            if (length >= 16 + 12 + 256 * 3 && memcmp(buffer + at + 16, expected + 16, 12 + 256 * 3) == 0)
                count++;
            at += (length + 3) & ~3u;
        }
    }
    audit_socket_close(fd);
    return count;
}

static void ignore_event(const audit_record_t *records, size_t count, void *argument)
{
    (void)records;
    (void)count;
    (void)argument;
}

/* Rules: the hub deletes what the kernel took from it and nothing else; a rule two subscribers
 * ask for stays until the second leaves. On execveat without a success filter, which no
 * collector asks for, on each of the kernel's arches (x86-64: one b64 and one i386 rule). */
static void connection_create_live_audit_hub_removes_only_its_own_rules(void **state)
{
    (void)state;
#ifdef SA_EMULATED
    skip();
#endif
    static const int execveat[] = { AUDIT_SYSCALL_EXECVEAT };
    static const audit_rule_t rule = { execveat, 1, 0 };
    uint32_t arches[AUDIT_SYSCALL_MAX_ARCHES];
    audit_kernel_rule_t kernel[4];
    size_t arch_count = audit_syscall_kernel_arches(arches);
    size_t n = audit_syscall_expand(arches, arch_count, execveat, 1, 0, kernel, 4);
    if (n == 0) {
        print_message("skipped: no audit rules for this kernel's architecture\n");
        skip();
    }
    assert_int_equal(n, arch_count);
    for (size_t i = 0; i < n; i++)
        if (count_rules(&kernel[i]) != 0) {
            print_message("skipped: audit refuses listing rules, or an execveat rule is already there\n");
            skip();
        }
    char message[200];
    sa_agent_t *agent = connection_agent();
    audit_subscription_t *a = NULL, *b = NULL;
    if (audit_hub_subscribe(agent, ignore_event, NULL, &rule, 1, NULL, 0, &a, message, sizeof message) != SA_OK) {
        print_message("skipped: %s\n", message);
        sa_agent_destroy(agent);
        skip();
    }
    for (size_t i = 0; i < n; i++)
        assert_int_equal(count_rules(&kernel[i]), 1);
    assert_int_equal(audit_hub_subscribe(agent, ignore_event, NULL, &rule, 1, NULL, 0, &b, message, sizeof message), SA_OK);
    audit_hub_unsubscribe(a);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(count_rules(&kernel[i]), 1); /* b still wants them */
    audit_hub_unsubscribe(b);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(count_rules(&kernel[i]), 0);
    assert_null(agent->audit_hub);

    /* someone else's rule on the first arch (added here by hand): left alone; the hub's own rule
     * on the compat arch goes */
    int fd = audit_socket_open(0, 1 << 20);
    assert_true(fd >= 0);
    uint8_t m[AUDIT_RULE_LENGTH];
    audit_message_kernel_rule(m, 1, 1, &kernel[0]);
    assert_int_equal(audit_socket_send(fd, m, sizeof m), 0);
    assert_int_equal(audit_socket_ack(fd), 0);
    assert_int_equal(audit_hub_subscribe(agent, ignore_event, NULL, &rule, 1, NULL, 0, &a, message, sizeof message), SA_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(count_rules(&kernel[i]), 1);
    audit_hub_unsubscribe(a);
    assert_int_equal(count_rules(&kernel[0]), 1);
    for (size_t i = 1; i < n; i++)
        assert_int_equal(count_rules(&kernel[i]), 0);
    audit_message_kernel_rule(m, 0, 2, &kernel[0]);
    assert_int_equal(audit_socket_send(fd, m, sizeof m), 0);
    assert_int_equal(audit_socket_ack(fd), 0);
    audit_socket_close(fd);
    assert_int_equal(count_rules(&kernel[0]), 0);
    sa_agent_destroy(agent);
}

static void connection_create_live_sock_diag_sees_loopback_connections(void **state)
{
    (void)state;
#ifdef SA_EMULATED
    skip(); /* qemu-user does not emulate sock_diag netlink */
#endif
    sa_agent_t *agent = connection_agent();
    sa_collector_t *c = started_live(agent, "sock_diag", "100");
    loopback_connection_t v4, v6;
    assert_int_equal(open_loopback(AF_INET, &v4), 0);
    int have_v6 = open_loopback(AF_INET6, &v6) == 0;
    char out_v4[240], in_v4[200], out_v6[200], in_v6[200];
    expect_connection(out_v4, sizeof out_v4, "127.0.0.1", v4.listen_port, "Out", getpid());
    expect_connection(in_v4, sizeof in_v4, "127.0.0.1", v4.client_port, "In", getpid());
    expect_connection(out_v6, sizeof out_v6, "::1", v6.listen_port, "Out", getpid());
    expect_connection(in_v6, sizeof in_v6, "::1", v6.client_port, "In", getpid());
    const char *expected[] = { out_v4, in_v4, "\"ExtraDetails\":{\"Source\":\"sock_diag\"}", out_v6, in_v6 };
    char *all = collect_until(agent, c, expected, have_v6 ? 5 : 3);
    free(all);
    close_loopback(&v4);
    if (have_v6)
        close_loopback(&v6);
    sa_collector_destroy(c);
    sa_agent_destroy(agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(connection_create_replays_the_recorded_audit_log),
        cmocka_unit_test(connection_create_names_records_by_their_own_arch),
        cmocka_unit_test(connection_create_replays_the_recorded_inet_diag_dump),
        cmocka_unit_test(connection_create_survives_cut_and_corrupt_recordings),
        cmocka_unit_test(connection_create_options_are_checked),
        cmocka_unit_test(connection_create_audit_datagrams_are_walked_like_the_csharp_hub),
        cmocka_unit_test(connection_create_socket_addresses_are_checked),
        cmocka_unit_test(connection_create_live_audit_sees_loopback_connections),
        cmocka_unit_test(connection_create_live_audit_sees_an_i386_process),
        cmocka_unit_test(connection_create_live_audit_hub_is_shared_by_an_agent),
        cmocka_unit_test(connection_create_live_audit_hub_removes_only_its_own_rules),
        cmocka_unit_test(connection_create_live_sock_diag_sees_loopback_connections),
    };
    return cmocka_run_group_tests_name("connection_create", tests, NULL, NULL);
}
