/* audit_exec_parser.c - audit exec events read into audit_exec_t (see audit_exec_parser.h). */
#include "audit_exec_parser.h"

#include <stdlib.h>
#include <string.h>

#include "audit_syscall.h"
#include "buffer.h"
#include "hex_digit.h"
#include "text_scan.h"
#include "utf8.h"

/* Repair only: the values are never cut (the event cuts what is too long for the message). */
#define NO_LIMIT (SIZE_MAX / 4)

/* One aN or aN[i] token after the first valid argc. */
typedef struct argument_token {
    uint32_t index;  /* N */
    uint32_t chunk;  /* 1 for aN[i] */
    size_t sequence; /* order of appearance */
    const char *value;
    size_t length;
} argument_token_t;

/* The C# Value: a quoted value is the literal between the quotes; an unquoted one of even length
 * and only hex digits is decoded (as UTF-8, invalid sequences repaired), anything else is as is.
 * Appended to out; scratch holds the decoded bytes. */
static void append_value(sa_buffer_t *out, sa_buffer_t *scratch, const char *value, size_t length)
{
    if (length >= 2 && value[0] == '"' && value[length - 1] == '"') {
        utf8_append_repaired(out, value + 1, length - 2, NO_LIMIT);
        return;
    }
    int hex = length % 2 == 0;
    for (size_t i = 0; hex && i < length; i++)
        hex = hex_digit_value(value[i]) >= 0;
    if (!hex) {
        utf8_append_repaired(out, value, length, NO_LIMIT);
        return;
    }
    buffer_clear(scratch);
    if (!buffer_reserve(scratch, length / 2))
        return;
    for (size_t i = 0; i < length; i += 2)
        scratch->data[scratch->length++] = (char)(hex_digit_value(value[i]) * 16 + hex_digit_value(value[i + 1]));
    utf8_append_repaired(out, scratch->data, scratch->length, NO_LIMIT);
}

static int compare_tokens(const void *a, const void *b)
{
    const argument_token_t *x = a, *y = b;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    return x->sequence < y->sequence ? -1 : x->sequence > y->sequence;
}

/* Calls visit(key, value) for each token "key=value" (key not empty) of the EXECVE records, in
 * order, as the C# loop over text.Split(' ') sees them; stops when visit returns non-zero. */
typedef int (*token_visit_t)(const char *key, size_t key_length, const char *value, size_t value_length,
                             void *argument);

static void visit_tokens(const audit_record_t *records, size_t count, token_visit_t visit, void *argument)
{
    for (size_t r = 0; r < count; r++) {
        if (records[r].type != AUDIT_RECORD_EXECVE)
            continue;
        const char *text = records[r].fields;
        size_t length = records[r].fields_length, start = 0;
        while (start <= length) {
            size_t end = start;
            while (end < length && text[end] != ' ')
                end++;
            const char *eq = memchr(text + start, '=', end - start);
            if (eq != NULL && eq > text + start) {
                size_t key_length = (size_t)(eq - (text + start));
                if (visit(text + start, key_length, eq + 1, end - start - key_length - 1, argument))
                    return;
            }
            start = end + 1;
        }
    }
}

typedef struct token_scan {
    int have_argc;
    uint32_t argc;
    size_t count;               /* tokens kept (or, when tokens is NULL, that would be kept) */
    argument_token_t *tokens;   /* NULL on the counting pass */
} token_scan_t;

static int scan_token(const char *key, size_t key_length, const char *value, size_t value_length, void *argument)
{
    token_scan_t *scan = argument;
    uint64_t number;
    if (text_equals(key, key_length, "argc")) {
        if (!scan->have_argc && text_parse_decimal(value, value_length, INT32_MAX, &number)
            && number <= AUDIT_EXEC_MAX_ARGC) {
            scan->have_argc = 1;
            scan->argc = (uint32_t)number;
        }
        return 0;
    }
    if (key_length < 2 || key[0] != 'a' || key[1] < '0' || key[1] > '9' || !scan->have_argc)
        return 0;
    size_t end = 1;
    while (end < key_length && key[end] >= '0' && key[end] <= '9')
        end++;
    if (!text_parse_decimal(key + 1, end - 1, INT32_MAX, &number) || number >= scan->argc)
        return 0;
    if (end < key_length && key[end] != '[')
        return 0; /* aN_len and the like */
    if (scan->tokens != NULL) {
        argument_token_t *t = &scan->tokens[scan->count];
        t->index = (uint32_t)number;
        t->chunk = end < key_length;
        t->sequence = scan->count;
        t->value = value;
        t->length = value_length;
    }
    scan->count++;
    return 0;
}

/* The arguments of the EXECVE records, joined by spaces, into out (C# AuditExecParser.CommandLine).
 * Returns 0, or -1 when memory failed. */
static int command_line(const audit_record_t *records, size_t count, sa_allocator_t *allocator, sa_buffer_t *out,
                        sa_buffer_t *scratch)
{
    token_scan_t scan;
    memset(&scan, 0, sizeof scan);
    visit_tokens(records, count, scan_token, &scan);
    if (scan.count == 0)
        return 0;
    argument_token_t *tokens = alloc_calloc(allocator, scan.count, sizeof *tokens);
    if (tokens == NULL)
        return -1;
    scan.tokens = tokens;
    scan.count = 0;
    scan.have_argc = 0;
    visit_tokens(records, count, scan_token, &scan);
    qsort(tokens, scan.count, sizeof *tokens, compare_tokens);
    int first = 1;
    for (size_t i = 0; i < scan.count;) {
        size_t group = i, direct = SIZE_MAX;
        while (group < scan.count && tokens[group].index == tokens[i].index) {
            if (!tokens[group].chunk)
                direct = group; /* the last direct value wins */
            group++;
        }
        if (!first)
            buffer_append_char(out, ' ');
        first = 0;
        if (direct != SIZE_MAX) {
            append_value(out, scratch, tokens[direct].value, tokens[direct].length);
        } else {
            for (size_t k = i; k < group; k++)
                append_value(out, scratch, tokens[k].value, tokens[k].length);
        }
        i = group;
    }
    alloc_free(allocator, tokens);
    return out->failed || scratch->failed ? -1 : 0;
}

static int field_number(const audit_record_t *record, const char *key, uint32_t *value)
{
    const char *text;
    size_t length;
    uint64_t number;
    if (!audit_record_raw_field(record, key, &text, &length) || !text_parse_decimal(text, length, UINT32_MAX, &number))
        return 0;
    *value = (uint32_t)number;
    return 1;
}

static char *take(sa_buffer_t *buffer, size_t *length)
{
    buffer_terminate(buffer);
    if (buffer->failed || buffer->data == NULL)
        return NULL;
    char *text = buffer->data;
    *length = buffer->length;
    buffer->data = NULL;
    buffer->length = buffer->capacity = 0;
    return text;
}

int audit_exec_parse(const audit_record_t *records, size_t count, sa_allocator_t *allocator, audit_exec_t *exec,
                     uint64_t *malformed)
{
    const audit_record_t *syscall = NULL;
    size_t execve = 0;
    const char *arch = NULL, *number = NULL, *success = NULL, *exe = NULL;
    size_t arch_length = 0, number_length = 0, success_length = 0, exe_length = 0;
    int socket_call;
    memset(exec, 0, sizeof *exec);
    for (size_t i = 0; i < count; i++) {
        if (records[i].type == AUDIT_RECORD_SYSCALL)
            syscall = &records[i];
        else if (records[i].type == AUDIT_RECORD_EXECVE)
            execve++;
    }
    if (syscall == NULL)
        return 0;
    (void)audit_record_raw_field(syscall, "arch", &arch, &arch_length);
    (void)audit_record_raw_field(syscall, "syscall", &number, &number_length);
    int name = audit_syscall_of_text(arch, arch_length, number, number_length, NULL, 0, &socket_call);
    if ((name != AUDIT_SYSCALL_EXECVE && name != AUDIT_SYSCALL_EXECVEAT)
        || !audit_record_raw_field(syscall, "success", &success, &success_length) || !text_equals(success, success_length, "yes"))
        return 0;
    if (execve == 0 || !field_number(syscall, "pid", &exec->pid) || !field_number(syscall, "ppid", &exec->parent)
        || !field_number(syscall, "uid", &exec->uid)) {
        memset(exec, 0, sizeof *exec);
        (*malformed)++;
        return 0;
    }
    sa_buffer_t out, scratch;
    buffer_init(&out, allocator);
    buffer_init(&scratch, allocator);
    int result = 1;
    if (audit_record_raw_field(syscall, "exe", &exe, &exe_length) && exe_length > 0
        && !text_equals(exe, exe_length, "(null)")) {
        append_value(&out, &scratch, exe, exe_length);
        exec->executable = take(&out, &exec->executable_length);
        exec->has_executable = exec->executable != NULL;
        if (exec->executable == NULL)
            result = -1;
    }
    if (result == 1 && command_line(records, count, allocator, &out, &scratch) == 0) {
        exec->command_line = take(&out, &exec->command_line_length);
        if (exec->command_line == NULL)
            result = -1;
    } else {
        result = -1;
    }
    buffer_release(&out);
    buffer_release(&scratch);
    if (result < 0)
        audit_exec_release(exec, allocator);
    return result;
}

void audit_exec_release(audit_exec_t *exec, sa_allocator_t *allocator)
{
    alloc_free(allocator, exec->executable);
    alloc_free(allocator, exec->command_line);
    memset(exec, 0, sizeof *exec);
}
