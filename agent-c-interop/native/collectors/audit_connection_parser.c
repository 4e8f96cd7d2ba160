/* audit_connection_parser.c - connect/accept audit events (see audit_connection_parser.h). */
#define _GNU_SOURCE
#include "audit_connection_parser.h"

#include <stdio.h>
#include <string.h>

#include "audit_syscall.h"
#include "proc_net_parser.h"
#include "socket_address.h"
#include "text_scan.h"

#define NET_FILE_LIMIT (16u << 20)
#define UNKNOWN_EXECUTABLE "[unknown]"

void audit_connection_parser_init(audit_connection_parser_t *parser, const os_source_t *os, sa_allocator_t *allocator,
                                  int include_loopback)
{
    memset(parser, 0, sizeof *parser);
    parser->os = os;
    parser->allocator = allocator;
    parser->include_loopback = include_loopback;
}

void audit_connection_parser_release(audit_connection_parser_t *parser)
{
    alloc_free(parser->allocator, parser->scratch);
    parser->scratch = NULL;
    parser->scratch_capacity = 0;
}

/* -1 for a syscall this parser does not read, else 1 (In: accept, accept4) or 0 (Out: connect). */
static int direction_of(int syscall)
{
    switch (syscall) {
    case AUDIT_SYSCALL_CONNECT:
        return 0;
    case AUDIT_SYSCALL_ACCEPT:
    case AUDIT_SYSCALL_ACCEPT4:
        return 1;
    default:
        return -1;
    }
}

typedef struct local_search {
    uint64_t inode;
    int found;
    proc_net_row_t row;
} local_search_t;

static int match_inode(const proc_net_row_t *row, void *argument)
{
    local_search_t *search = argument;
    if (row->inode != search->inode)
        return 0;
    search->found = 1;
    search->row = *row;
    return 1;
}

/* The socket's protocol and local side from /proc/<pid>/fd/<fd> and /proc/<pid>/net; 1 when
 * found. A table that cannot be read ends the search (as the C# IOException does). */
static int local_side(audit_connection_parser_t *parser, uint32_t pid, int64_t fd, connection_item_t *item)
{
    static const char *const tables[] = { "tcp", "tcp6", "udp", "udp6" };
    char path[64], link[256];
    uint64_t inode;
    if (fd < 0)
        return 0;
    snprintf(path, sizeof path, "proc/%u/fd/%lld", (unsigned)pid, (long long)fd);
    ssize_t n = parser->os->ops->read_link(parser->os, path, link, sizeof link);
    if (n < 9 || memcmp(link, "socket:[", 8) != 0 || !text_parse_decimal(link + 8, (size_t)n - 9, UINT64_MAX, &inode))
        return 0;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        char *text = NULL;
        size_t length = 0;
        local_search_t search = { inode, 0, { { 0 }, 0, 0, { 0 }, 0, 0, 0, 0 } };
        snprintf(path, sizeof path, "proc/%u/net/%s", (unsigned)pid, tables[t]);
        if (os_source_read_all(parser->os, parser->allocator, path, NET_FILE_LIMIT, &text, &length) != 0)
            return 0;
        (void)proc_net_parse(text, length, match_inode, &search);
        alloc_free(parser->allocator, text);
        if (search.found) {
            item->has_local = 1;
            item->protocol = tables[t][0] == 't' ? "tcp" : "udp";
            memcpy(item->local, search.row.local, search.row.local_size);
            item->local_size = search.row.local_size;
            item->local_port = search.row.local_port;
            return 1;
        }
    }
    return 0;
}

static int field(const audit_record_t *record, const char *key, const char **value, size_t *length)
{
    return record != NULL && audit_record_field(record, key, value, length);
}

static int field_is(const audit_record_t *record, const char *key, const char *expected)
{
    const char *value;
    size_t length;
    return field(record, key, &value, &length) && text_equals(value, length, expected);
}

int audit_connection_parse(audit_connection_parser_t *parser, const audit_record_t *records, size_t count,
                           connection_item_t *item)
{
    const audit_record_t *syscall = NULL, *sockaddr = NULL, *proctitle = NULL, *socketcall = NULL;
    const char *value, *exe = NULL, *title = NULL, *arch = NULL, *number_text = NULL, *a0_text = NULL;
    size_t length, exe_length = 0, title_length = 0, arch_length = 0, number_length = 0, a0_length = 0;
    uint64_t number, pid;
    int socket_call;
    int64_t fd = -1;
    for (size_t i = 0; i < count; i++) {
        if (records[i].type == AUDIT_RECORD_SYSCALL)
            syscall = &records[i];
        else if (records[i].type == AUDIT_RECORD_SOCKADDR)
            sockaddr = &records[i];
        else if (records[i].type == AUDIT_RECORD_PROCTITLE)
            proctitle = &records[i];
        else if (records[i].type == AUDIT_RECORD_SOCKETCALL)
            socketcall = &records[i];
    }
    memset(item, 0, sizeof *item);
    if (syscall == NULL || sockaddr == NULL)
        return 0;
    if (!field(syscall, "pid", &value, &length) || !text_parse_decimal(value, length, UINT32_MAX, &pid))
        return 0;
    if (!field(sockaddr, "saddr", &value, &length))
        length = 0;
    if (!socket_address_decode(value, length, item->remote, &item->remote_size, &item->remote_port))
        return 0;
    if (!field(syscall, "arch", &arch, &arch_length))
        arch = NULL;
    if (!field(syscall, "syscall", &number_text, &number_length))
        number_text = NULL;
    if (!field(syscall, "a0", &a0_text, &a0_length))
        a0_text = NULL;
    int inbound = direction_of(audit_syscall_of_text(arch, arch_length, number_text, number_length, a0_text, a0_length,
                                                     &socket_call));
    if (inbound < 0)
        return 0;
    if (!field_is(syscall, "success", "yes") && !(inbound == 0 && field_is(syscall, "exit", "-115")))
        return 0;
    if (!parser->include_loopback && socket_address_is_loopback(item->remote, item->remote_size)) {
        parser->loopback++;
        return 0;
    }
    item->inbound = inbound;
    item->pid = (uint32_t)pid;
    item->protocol = "tcp";
    if (inbound == 0) {
        uint32_t a0;
        /* through socketcall, SYSCALL's a0 is the call: the socket is the SOCKETCALL record's a0 */
        if (field(socket_call ? socketcall : syscall, "a0", &value, &length) && text_parse_hex32(value, length, &a0))
            fd = (int32_t)a0;
    } else if (field(syscall, "exit", &value, &length) && text_parse_decimal(value, length, INT32_MAX, &number)) {
        fd = (int64_t)number;
    }
    (void)local_side(parser, item->pid, fd, item);
    if (field(syscall, "exe", &exe, &exe_length) && exe_length > 0 && !text_equals(exe, exe_length, "(null)")) {
        /* decoded below, with the command line, into one scratch buffer */
    } else {
        exe = NULL;
    }
    if (!field(proctitle, "proctitle", &title, &title_length))
        title = NULL;
    size_t need = exe_length / 2 + title_length / 2 + 2;
    if (need > parser->scratch_capacity) {
        char *grown = alloc_malloc(parser->allocator, need);
        if (grown == NULL)
            return -1;
        alloc_free(parser->allocator, parser->scratch);
        parser->scratch = grown;
        parser->scratch_capacity = need;
    }
    if (exe != NULL) {
        audit_decode_hex(exe, exe_length, parser->scratch, &item->executable, &item->executable_length);
    } else {
        item->executable = UNKNOWN_EXECUTABLE;
        item->executable_length = strlen(UNKNOWN_EXECUTABLE);
    }
    if (title != NULL)
        audit_decode_hex(title, title_length, parser->scratch + exe_length / 2 + 1, &item->command_line,
                         &item->command_line_length);
    if (field(syscall, "uid", &value, &length)) {
        item->user_id = value;
        item->user_id_length = length;
    }
    return 1;
}
