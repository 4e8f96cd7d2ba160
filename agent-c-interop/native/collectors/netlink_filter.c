/* netlink_filter.c - the collectors' in-kernel datagram filters (see netlink_filter.h). */
#include "netlink_filter.h"

#include <arpa/inet.h>
#include <stdint.h>

#include "proc_connector_parser.h"

#define ACCEPT 0xffffffffu /* keep the whole datagram */
#define DROP 0u

#define FIRST_RECORD_TYPE 1100 /* audit records; below are the kernel's replies */

/* Where the proc connector's fields are (netlink_filter.h). */
#define PROC_WHAT 36
#define PROC_PID 52
#define PROC_TGID 56
#define PROC_CHILD_PID 60
#define PROC_CHILD_TGID 64

/* A word load yields the bytes in network order: compare it with constants in that order. */
static uint32_t as_loaded(uint32_t host)
{
    return ntohl(host);
}

size_t netlink_filter_audit_types(const int *types, size_t count, struct sock_filter *program, size_t capacity)
{
    /* nlmsg_type in host order, built from its two bytes (a halfword load would swap them) */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint32_t high = 5, low = 4;
#else
    const uint32_t high = 4, low = 5;
#endif
    size_t length = 5 + 1 + count + 2;
    if (length > capacity || count > 250)
        return 0;
    size_t n = 0;
    program[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, high);
    program[n++] = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 8);
    program[n++] = (struct sock_filter)BPF_STMT(BPF_MISC | BPF_TAX, 0);
    program[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, low);
    program[n++] = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_OR | BPF_X, 0);
    /* below 1100: on to the accept at the end, past the type checks and the drop */
    program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, FIRST_RECORD_TYPE, 0, (uint8_t)(count + 1));
    for (size_t i = 0; i < count; i++) /* a match jumps past the remaining checks and the drop */
        program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)types[i],
                                                    (uint8_t)(count - i), 0);
    program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, DROP);
    program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ACCEPT);
    return n;
}

size_t netlink_filter_process_events(struct sock_filter *program, size_t capacity)
{
    const struct sock_filter filter[] = {
        /* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, PROC_WHAT),
        /* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, as_loaded(PROC_EVENT_FORK), 0, 4),   /* fork: 2, else 6 */
        /* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, PROC_CHILD_PID),
        /* 3 */ BPF_STMT(BPF_MISC | BPF_TAX, 0),
        /* 4 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, PROC_CHILD_TGID),
        /* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 6, 7),                           /* 12 or 13 */
        /* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, as_loaded(PROC_EVENT_EXEC), 1, 0),  /* exec: 8 */
        /* 7 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, as_loaded(PROC_EVENT_EXIT), 0, 5),  /* exit: 8, else 13 */
        /* 8 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, PROC_PID),
        /* 9 */ BPF_STMT(BPF_MISC | BPF_TAX, 0),
        /* 10 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, PROC_TGID),
        /* 11 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 1),                          /* 12 or 13 */
        /* 12 */ BPF_STMT(BPF_RET | BPF_K, ACCEPT),
        /* 13 */ BPF_STMT(BPF_RET | BPF_K, DROP),
    };
    size_t length = sizeof filter / sizeof filter[0];
    if (length > capacity)
        return 0;
    for (size_t i = 0; i < length; i++)
        program[i] = filter[i];
    return length;
}
