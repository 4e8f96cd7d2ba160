/* proc_net_parser.h - the socket tables of /proc/net/{tcp,tcp6,udp,udp6}, as the C# agent's
 * ProcNetParser reads them: the first line is the header; lines as EnumerateLines cuts them;
 * blank lines skipped; a row is fields split by spaces, at least ten, with "HEX:PORT" endpoints
 * (8 or 32 hex digits of 32-bit words in host little-endian order, a 4-digit big-endian hex
 * port), a hex state and a decimal inode; anything else is malformed (skipped, counted). */
#ifndef SA_PROC_NET_PARSER_H
#define SA_PROC_NET_PARSER_H

#include <stddef.h>
#include <stdint.h>

typedef struct proc_net_row {
    uint8_t local[16];
    size_t local_size; /* 4 or 16 */
    uint32_t local_port;
    uint8_t remote[16];
    size_t remote_size;
    uint32_t remote_port;
    int32_t state; /* 0x0A listen, 0x07 close, 0x01 established */
    uint64_t inode;
} proc_net_row_t;

/* proc_net_parse - calls visit for each good row in order; stops early when visit returns
 * non-zero. Returns the number of malformed rows. */
uint64_t proc_net_parse(const char *text, size_t length, int (*visit)(const proc_net_row_t *row, void *argument),
                        void *argument);

/* proc_net_parse_row - one data row; 1 and *row, or 0 when malformed. */
int proc_net_parse_row(const char *line, size_t length, proc_net_row_t *row);

#endif
