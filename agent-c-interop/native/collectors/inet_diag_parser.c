/* inet_diag_parser.c - sock_diag dump replies (see inet_diag_parser.h). */
#include "inet_diag_parser.h"

#include <string.h>

#define SOCK_DIAG_BY_FAMILY 20
#define NLMSG_ERROR_TYPE 2
#define NLMSG_DONE_TYPE 3
#define MESSAGE_LENGTH 72

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

int inet_diag_parse(const uint8_t *datagram, size_t length, int (*visit)(const inet_diag_socket_t *s, void *argument),
                    void *argument, uint64_t *malformed)
{
    int done = 0;
    while (length >= 16) {
        size_t message = get32(datagram);
        unsigned type = (unsigned)datagram[4] | (unsigned)datagram[5] << 8;
        if (message < 16 || message > length) {
            (*malformed)++;
            return done;
        }
        if (type == NLMSG_DONE_TYPE || type == NLMSG_ERROR_TYPE) {
            done = 1;
        } else if (type == SOCK_DIAG_BY_FAMILY && message >= 16 + MESSAGE_LENGTH) {
            const uint8_t *m = datagram + 16;
            size_t size = m[0] == 2 ? 4 : m[0] == 10 ? 16 : 0;
            if (size == 0) {
                (*malformed)++;
            } else {
                inet_diag_socket_t s;
                memset(&s, 0, sizeof s);
                s.state = m[1];
                s.size = size;
                memcpy(s.local, m + 8, size);
                memcpy(s.remote, m + 24, size);
                s.local_port = (uint32_t)m[4] << 8 | m[5];
                s.remote_port = (uint32_t)m[6] << 8 | m[7];
                s.uid = get32(m + 64);
                s.inode = get32(m + 68);
                if (visit(&s, argument) != 0)
                    return done;
            }
        } else {
            (*malformed)++;
        }
        size_t aligned = (message + 3) & ~(size_t)3;
        if (aligned >= length) {
            length = 0;
            break;
        }
        datagram += aligned;
        length -= aligned;
    }
    if (length > 0 && length < 16)
        (*malformed)++;
    return done;
}

void inet_diag_write_request(uint8_t *buffer, uint8_t family, uint32_t state_mask, uint32_t seq)
{
    memset(buffer, 0, INET_DIAG_REQUEST_LENGTH);
    put32(buffer, INET_DIAG_REQUEST_LENGTH);
    buffer[4] = SOCK_DIAG_BY_FAMILY;
    buffer[6] = 0x01; /* NLM_F_REQUEST */
    buffer[7] = 0x03; /* NLM_F_DUMP (0x300) */
    put32(buffer + 8, seq);
    buffer[16] = family;
    buffer[17] = 6; /* IPPROTO_TCP */
    put32(buffer + 20, state_mask);
}
