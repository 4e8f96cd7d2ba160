/* netlink_filter_test.c - the in-kernel datagram filters, run by the kernel itself: attached to
 * a real NETLINK_USERSOCK socket, which another one sends crafted audit records and proc
 * connector events; what arrives is what the filter let through. */
#include "collector_test_support.h"

#include <errno.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netlink_filter.h"
#include "netlink_socket.h"
#include "proc_connector_parser.h"

typedef struct pair {
    int receiver, sender;
    uint32_t port;
} pair_t;

static void open_pair(pair_t *p)
{
    p->receiver = netlink_socket_open(SOCK_RAW, NETLINK_USERSOCK, 0, 1 << 20);
    p->sender = netlink_socket_open(SOCK_RAW, NETLINK_USERSOCK, 0, 1 << 20);
    if (p->receiver < 0 || p->sender < 0) {
        if (p->receiver >= 0)
            close(p->receiver);
        if (p->sender >= 0)
            close(p->sender);
        skip(); /* no NETLINK_USERSOCK in this kernel or sandbox */
    }
    struct sockaddr_nl local;
    socklen_t size = sizeof local;
    assert_int_equal(getsockname(p->receiver, (struct sockaddr *)&local, &size), 0);
    p->port = local.nl_pid;
}

static void close_pair(pair_t *p)
{
    close(p->receiver);
    close(p->sender);
}

/* Sends datagram (length bytes, a netlink header first) with its sequence number set to mark. */
static void send_marked(const pair_t *p, uint8_t *datagram, size_t length, uint32_t mark)
{
    struct nlmsghdr *header = (struct nlmsghdr *)datagram;
    header->nlmsg_seq = mark;
    struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = p->port };
    assert_int_equal(sendto(p->sender, datagram, length, 0, (struct sockaddr *)&to, sizeof to), (ssize_t)length);
}

/* The marks of the datagrams that arrived, in order; their count. */
static size_t received_marks(const pair_t *p, uint32_t *marks, size_t capacity)
{
    uint8_t buffer[512];
    size_t count = 0;
    ssize_t n;
    while ((n = netlink_socket_receive(p->receiver, buffer, sizeof buffer, 0)) > 0 && count < capacity) {
        assert_true(n >= (ssize_t)sizeof(struct nlmsghdr));
        marks[count++] = ((struct nlmsghdr *)buffer)->nlmsg_seq;
    }
    return count;
}

static void send_audit(const pair_t *p, uint16_t type)
{
    uint8_t datagram[64];
    memset(datagram, 'x', sizeof datagram);
    struct nlmsghdr *header = (struct nlmsghdr *)datagram;
    header->nlmsg_len = sizeof datagram;
    header->nlmsg_type = type;
    header->nlmsg_flags = 0;
    header->nlmsg_pid = 0;
    send_marked(p, datagram, sizeof datagram, type);
}

static void audit_filter_passes_replies_and_the_subscribed_record_types_only(void **state)
{
    (void)state;
    pair_t p;
    open_pair(&p);
    const int types[] = { 1300, 1309, 1320 }; /* SYSCALL, EXECVE, EOE */
    struct sock_filter program[NETLINK_FILTER_MAX_INSTRUCTIONS];
    size_t length = netlink_filter_audit_types(types, 3, program, NETLINK_FILTER_MAX_INSTRUCTIONS);
    assert_true(length > 0);
    assert_int_equal(netlink_socket_attach_filter(p.receiver, program, length), 0);
    const uint16_t sent[] = { 1000, 2, 1300, 1307, 1302, 1309, 1302, 1327, 1320, 1112, 1099, 1100, 0x1405 /* 1300 byte-swapped */ };
    for (size_t i = 0; i < sizeof sent / sizeof sent[0]; i++)
        send_audit(&p, sent[i]);
    uint32_t marks[16];
    size_t count = received_marks(&p, marks, 16);
    const uint32_t expected[] = { 1000, 2, 1300, 1309, 1320, 1099 };
    assert_int_equal(count, sizeof expected / sizeof expected[0]);
    for (size_t i = 0; i < count; i++)
        assert_int_equal(marks[i], expected[i]);

    /* removed: every datagram passes again */
    assert_int_equal(netlink_socket_attach_filter(p.receiver, NULL, 0), 0);
    send_audit(&p, 1302);
    assert_int_equal(received_marks(&p, marks, 16), 1);
    assert_int_equal(netlink_socket_attach_filter(p.receiver, NULL, 0), 0); /* none to remove: fine */
    close_pair(&p);
}

static void audit_filter_refuses_more_types_than_fit(void **state)
{
    (void)state;
    int types[200];
    for (int i = 0; i < 200; i++)
        types[i] = 1100 + i;
    struct sock_filter program[NETLINK_FILTER_MAX_INSTRUCTIONS];
    assert_int_equal(netlink_filter_audit_types(types, 200, program, NETLINK_FILTER_MAX_INSTRUCTIONS), 0);
    assert_int_equal(netlink_filter_audit_types(types, 150, program, NETLINK_FILTER_MAX_INSTRUCTIONS), 158);
    assert_int_equal(netlink_filter_process_events(program, 4), 0);
}

/* A proc connector datagram: netlink header, cn_msg, proc_event with what and the union's
 * words (pid/tgid pairs), as the kernel lays it out in host order. */
static void send_proc(const pair_t *p, uint32_t what, const uint32_t *words, size_t word_count, size_t length,
                      uint32_t mark)
{
    uint8_t datagram[16 + 20 + 16 + 24];
    memset(datagram, 0, sizeof datagram);
    struct nlmsghdr *header = (struct nlmsghdr *)datagram;
    header->nlmsg_len = (uint32_t)length;
    header->nlmsg_type = NLMSG_DONE;
    memcpy(datagram + 36, &what, 4);
    memcpy(datagram + 52, words, word_count * 4);
    send_marked(p, datagram, length, mark);
}

static void process_filter_passes_fork_exec_and_exit_of_processes_only(void **state)
{
    (void)state;
    pair_t p;
    open_pair(&p);
    struct sock_filter program[NETLINK_FILTER_MAX_INSTRUCTIONS];
    size_t length = netlink_filter_process_events(program, NETLINK_FILTER_MAX_INSTRUCTIONS);
    assert_int_equal(netlink_socket_attach_filter(p.receiver, program, length), 0);
    const size_t full = 16 + 20 + 16 + 24;
    /* fork: parent pid, parent tgid, child pid, child tgid */
    send_proc(&p, PROC_EVENT_FORK, (const uint32_t[]){ 10, 10, 20, 20 }, 4, full, 1);     /* a process: kept */
    send_proc(&p, PROC_EVENT_FORK, (const uint32_t[]){ 10, 10, 21, 20 }, 4, full, 2);     /* a thread: dropped */
    send_proc(&p, PROC_EVENT_EXEC, (const uint32_t[]){ 20, 20 }, 2, full, 3);             /* kept */
    send_proc(&p, 0x200 /* comm */, (const uint32_t[]){ 20, 20 }, 2, full, 4);            /* dropped */
    send_proc(&p, 0x4 /* uid */, (const uint32_t[]){ 20, 20 }, 2, full, 5);               /* dropped */
    send_proc(&p, 0 /* listen acknowledgement */, (const uint32_t[]){ 0, 0 }, 2, full, 6); /* dropped */
    send_proc(&p, PROC_EVENT_EXIT, (const uint32_t[]){ 21, 20 }, 2, full, 7);             /* a thread: dropped */
    send_proc(&p, PROC_EVENT_EXIT, (const uint32_t[]){ 20, 20 }, 2, full, 8);             /* kept */
    send_proc(&p, PROC_EVENT_EXIT, (const uint32_t[]){ 20, 20 }, 2, 54, 9);               /* cut: dropped */
    uint32_t marks[16];
    size_t count = received_marks(&p, marks, 16);
    const uint32_t expected[] = { 1, 3, 8 };
    assert_int_equal(count, 3);
    for (size_t i = 0; i < count; i++)
        assert_int_equal(marks[i], expected[i]);
    close_pair(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(audit_filter_passes_replies_and_the_subscribed_record_types_only),
        cmocka_unit_test(audit_filter_refuses_more_types_than_fit),
        cmocka_unit_test(process_filter_passes_fork_exec_and_exit_of_processes_only),
    };
    return cmocka_run_group_tests_name("netlink_filter", tests, NULL, NULL);
}
