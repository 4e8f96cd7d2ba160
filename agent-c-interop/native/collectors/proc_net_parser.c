/* proc_net_parser.c - /proc/net socket tables (see proc_net_parser.h). */
#include "proc_net_parser.h"

#include <string.h>

#include "text_scan.h"

#define FIELDS 10

static int parse_endpoint(const char *text, size_t length, uint8_t address[16], size_t *size, uint32_t *port)
{
    const char *colon = memchr(text, ':', length);
    size_t at = colon == NULL ? 0 : (size_t)(colon - text);
    if ((at != 8 && at != 32) || length != at + 5 || !text_parse_hex32(text + at + 1, 4, port))
        return 0;
    for (size_t i = 0; i < at / 8; i++) {
        uint32_t word;
        if (!text_parse_hex32(text + i * 8, 8, &word))
            return 0;
        address[i * 4] = (uint8_t)word; /* little-endian, as the kernel prints host order */
        address[i * 4 + 1] = (uint8_t)(word >> 8);
        address[i * 4 + 2] = (uint8_t)(word >> 16);
        address[i * 4 + 3] = (uint8_t)(word >> 24);
    }
    *size = at / 2;
    return 1;
}

int proc_net_parse_row(const char *line, size_t length, proc_net_row_t *row)
{
    const char *field[FIELDS];
    size_t field_length[FIELDS];
    size_t count = 0, i = 0;
    while (i < length && count < FIELDS) {
        while (i < length && line[i] == ' ')
            i++;
        if (i == length)
            break;
        size_t start = i;
        while (i < length && line[i] != ' ')
            i++;
        field[count] = line + start;
        field_length[count++] = i - start;
    }
    uint32_t state;
    uint64_t inode;
    memset(row, 0, sizeof *row);
    if (count < FIELDS
        || !parse_endpoint(field[1], field_length[1], row->local, &row->local_size, &row->local_port)
        || !parse_endpoint(field[2], field_length[2], row->remote, &row->remote_size, &row->remote_port)
        || !text_parse_hex32(field[3], field_length[3], &state)
        || !text_parse_decimal(field[9], field_length[9], UINT64_MAX, &inode))
        return 0;
    row->state = (int32_t)state;
    row->inode = inode;
    return 1;
}

uint64_t proc_net_parse(const char *text, size_t length, int (*visit)(const proc_net_row_t *row, void *argument),
                        void *argument)
{
    size_t position = 0, start, end;
    uint64_t malformed = 0;
    int first = 1;
    while (text_next_line(text, length, &position, &start, &end, TEXT_LINES_ENUMERATE)) {
        if (first) {
            first = 0;
            continue;
        }
        if (text_is_white(text, start, end))
            continue;
        proc_net_row_t row;
        if (!proc_net_parse_row(text + start, end - start, &row)) {
            malformed++;
            continue;
        }
        if (visit(&row, argument) != 0)
            break;
    }
    return malformed;
}
