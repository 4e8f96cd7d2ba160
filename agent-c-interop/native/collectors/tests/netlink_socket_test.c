/* netlink_socket_test.c - receiving a burst of netlink datagrams in one call, over a real
 * NETLINK_USERSOCK pair (one socket sends to the other's port). */
#include "collector_test_support.h"

#include <errno.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netlink_socket.h"

/* Sends one datagram of length bytes (a netlink header, then filler) to port. */
static int send_to(int fd, uint32_t port, size_t length, uint8_t fill)
{
    uint8_t datagram[600];
    struct nlmsghdr *header = (struct nlmsghdr *)datagram;
    memset(datagram, fill, sizeof datagram);
    header->nlmsg_len = (uint32_t)length;
    header->nlmsg_type = NLMSG_MIN_TYPE;
    header->nlmsg_flags = 0;
    header->nlmsg_seq = fill;
    header->nlmsg_pid = 0;
    struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = port };
    return sendto(fd, datagram, length, 0, (struct sockaddr *)&to, sizeof to) == (ssize_t)length ? 0 : -errno;
}

static void netlink_socket_receives_a_burst_in_slots_and_marks_cut_datagrams(void **state)
{
    (void)state;
    int receiver = netlink_socket_open(SOCK_RAW, NETLINK_USERSOCK, 0, 1 << 20);
    int sender = netlink_socket_open(SOCK_RAW, NETLINK_USERSOCK, 0, 1 << 20);
    if (receiver < 0 || sender < 0) {
        if (receiver >= 0)
            close(receiver);
        if (sender >= 0)
            close(sender);
        skip(); /* no NETLINK_USERSOCK in this kernel or sandbox */
    }
    struct sockaddr_nl local;
    socklen_t size = sizeof local;
    assert_int_equal(getsockname(receiver, (struct sockaddr *)&local, &size), 0);
    uint8_t buffer[4 * 256];
    ssize_t lengths[4];
    assert_int_equal(netlink_socket_receive_many(receiver, buffer, 256, 4, lengths), 0); /* nothing queued */
    const size_t sizes[] = { 20, 256, 100, 512, 40 };
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(send_to(sender, local.nl_pid, sizes[i], (uint8_t)(i + 1)), 0);
    assert_int_equal(netlink_socket_receive_many(receiver, buffer, 256, 4, lengths), 4);
    assert_int_equal(lengths[0], 20);
    assert_int_equal(lengths[1], 256);
    assert_int_equal(lengths[2], 100);
    assert_int_equal(lengths[3], -EMSGSIZE); /* 512 bytes in a 256-byte slot: cut */
    assert_int_equal(buffer[0 * 256 + 19], 1);
    assert_int_equal(buffer[1 * 256 + 255], 2);
    assert_int_equal(buffer[2 * 256 + 99], 3);
    assert_int_equal(netlink_socket_receive_many(receiver, buffer, 256, 4, lengths), 1); /* the rest */
    assert_int_equal(lengths[0], 40);
    assert_int_equal(buffer[39], 5);
    assert_int_equal(netlink_socket_receive_many(receiver, buffer, 256, 4, lengths), 0);
    close(receiver);
    close(sender);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(netlink_socket_receives_a_burst_in_slots_and_marks_cut_datagrams),
    };
    return cmocka_run_group_tests_name("netlink_socket", tests, NULL, NULL);
}
